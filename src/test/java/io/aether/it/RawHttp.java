package io.aether.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP/1.1 connection over a plain socket, for what an HTTP client library hides or refuses to
 * send: bodies trickled byte by byte, conflicting framing headers, and whether the server closed.
 */
final class RawHttp implements AutoCloseable {
    /** A request line of the keyed API, where the client's key goes in as the next header. */
    private static final Pattern KEYED_REQUEST = Pattern.compile("(?m)^([A-Z]+ /(?:api|files)/?\\S* HTTP/1\\.1\r\n)");
    private final Socket socket;
    private final String authorization;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private boolean closedByServer;

    RawHttp(String baseUrl) throws IOException {
        this(baseUrl, Credentials.key(baseUrl));
    }

    /** @param key sent with every request to /api or /files written through {@link #send(String)} */
    RawHttp(String baseUrl, String key) throws IOException {
        authorization = "Authorization: Bearer " + key + "\r\n";
        URI uri = URI.create(baseUrl);
        socket = new Socket();
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
        socket.setTcpNoDelay(true);
    }

    void send(String text) throws IOException {
        String keyed = KEYED_REQUEST.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + authorization));
        send(keyed.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Takes in whatever the server sent within {@code waitMs}; false once the server closed the connection. */
    boolean poll(int waitMs) throws IOException {
        if (closedByServer) {
            return false;
        }
        socket.setSoTimeout(Math.max(1, waitMs));
        byte[] buffer = new byte[8192];
        InputStream in = socket.getInputStream();
        try {
            int n = in.read(buffer);
            if (n < 0) {
                closedByServer = true;
                return false;
            }
            received.write(buffer, 0, n);
        } catch (SocketTimeoutException nothingYet) {
            return true;
        } catch (IOException reset) {
            closedByServer = true; // a reset also ends the connection
            return false;
        }
        return true;
    }

    /** Reads until the server closes or {@code timeoutMs} passes; true if it closed. */
    boolean awaitClose(long timeoutMs) throws IOException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (!closedByServer && System.currentTimeMillis() < end) {
            poll((int) Math.min(200, Math.max(1, end - System.currentTimeMillis())));
        }
        return closedByServer;
    }

    /** Reads until a whole response head is in (or the timeout passes). */
    void awaitHead(long timeoutMs) throws IOException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (!text().contains("\r\n\r\n") && poll(200) && System.currentTimeMillis() < end) {
            // keep reading
        }
    }

    boolean answered() {
        return received.size() > 0;
    }

    boolean closedByServer() {
        return closedByServer;
    }

    String text() {
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    int status() {
        String text = text();
        return text.startsWith("HTTP/1.") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : -1;
    }

    /** The value of a response header, or null. */
    String header(String name) {
        String text = text();
        int end = text.indexOf("\r\n\r\n");
        for (String line : (end < 0 ? text : text.substring(0, end)).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    String body() {
        String text = text();
        int end = text.indexOf("\r\n\r\n");
        return end < 0 ? "" : text.substring(end + 4);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
