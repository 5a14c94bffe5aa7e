package io.aether.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real TCP peer on loopback that speaks just enough HTTP/1.1 to play an object store that misbehaves
 * in a chosen way, per request. It is not a fake of S3: S3Parts only needs an HTTP peer, and these are
 * the ways a real one (or the network) fails, which a real store cannot be made to do on demand.
 */
final class StorePeer implements AutoCloseable {
    /** What the peer does with one request; {@code number} counts requests over all connections from 1. */
    interface Behaviour {
        /** @return false to close the connection afterwards */
        boolean serve(int number, Request request, InputStream in, OutputStream out) throws Exception;
    }

    /** A request's head as read: the request line and the headers, names in lower case. */
    record Request(String line, List<String> headers, long contentLength) {
        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).trim()).findFirst().orElse(null);
        }
    }

    private final ServerSocket server;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Request> seen = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    StorePeer(Behaviour behaviour) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    sockets.add(socket);
                    Thread connection = new Thread(() -> serve(socket, behaviour), "store-peer-connection");
                    connection.setDaemon(true);
                    connection.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "store-peer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    int requests() {
        return requests.get();
    }

    List<Request> seen() {
        return seen;
    }

    private void serve(Socket socket, Behaviour behaviour) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                Request request = readHead(in);
                if (request == null) {
                    return;
                }
                seen.add(request);
                if (!behaviour.serve(requests.incrementAndGet(), request, in, out)) {
                    return;
                }
            }
        } catch (Exception ended) {
            // the client went away, or the behaviour ended the connection
        }
    }

    /** The head of the next request, or null at the end of the connection. */
    private static Request readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        List<String> headers = List.of(lines).subList(1, lines.length);
        long length = headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .mapToLong(h -> Long.parseLong(h.substring(15).trim())).findFirst().orElse(0);
        return new Request(lines[0], headers, length);
    }

    /** Reads and drops n bytes of the body. */
    static void drain(InputStream in, long n) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (n > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, n));
            if (read < 0) {
                throw new IOException("the body ended early");
            }
            n -= read;
        }
    }

    static void write(OutputStream out, String response) throws IOException {
        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** A successful UploadPart answer with the given ETag, keeping the connection. */
    static String ok(String etag) {
        return "HTTP/1.1 200 OK\r\nETag: \"" + etag + "\"\r\nContent-Length: 0\r\n\r\n";
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
