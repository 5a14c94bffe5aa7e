package io.aether.tus;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import io.aether.it.ContractCheck;
import io.aether.it.Credentials;

/** A small tus client for protocol tests: every header is explicit, so tests can also send wrong ones. */
public final class TusClient {
    public static final String OCTETS = "application/offset+octet-stream";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String key;

    /** A client with the key of the tests' owner at this replica (Credentials). */
    public TusClient(String base) {
        this(base, Credentials.key(base));
    }

    public TusClient(String base, String key) {
        this.base = base;
        this.key = key;
    }

    public record Reply(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        public long offset() {
            return Long.parseLong(header("Upload-Offset"));
        }

        public JsonNode json() throws IOException {
            return Json.MAPPER.readTree(body);
        }
    }

    public String base() {
        return base;
    }

    /** Headers with Tus-Resumable already set; tests add or remove what they need. */
    public static Map<String, String> tus(String... pairs) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Tus-Resumable", "1.0.0");
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                headers.remove(pairs[i]);
            } else {
                headers.put(pairs[i], pairs[i + 1]);
            }
        }
        return headers;
    }

    /** Creates an upload and returns its URL. */
    public String create(long length, String metadata) throws Exception {
        Reply reply = send("POST", base + "/files/", tus("Upload-Length", Long.toString(length),
                "Upload-Metadata", metadata), null);
        if (reply.status() != 201) {
            throw new AssertionError("creation answered " + reply);
        }
        return reply.header("Location");
    }

    public Reply head(String url) throws Exception {
        return send("HEAD", url, tus(), null);
    }

    public Reply patch(String url, long offset, byte[] body, String... extraHeaders) throws Exception {
        Map<String, String> headers = tus("Upload-Offset", Long.toString(offset), "Content-Type", OCTETS);
        headers.putAll(tus(extraHeaders));
        return send("PATCH", url, headers, body);
    }

    /** Sends the whole file in PATCHes of the given size, each continuing from the answered offset. */
    public long upload(String url, byte[] data, int chunk) throws Exception {
        long offset = head(url).offset();
        while (offset < data.length) {
            int n = (int) Math.min(chunk, data.length - offset);
            byte[] body = java.util.Arrays.copyOfRange(data, (int) offset, (int) offset + n);
            Reply reply = patch(url, offset, body);
            if (reply.status() != 204) {
                throw new AssertionError("PATCH at " + offset + " answered " + reply);
            }
            offset = reply.offset();
        }
        return offset;
    }

    public Reply send(String method, String url, Map<String, String> headers, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        request.header("Authorization", "Bearer " + key);
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        ContractCheck.check(method, response.uri(), response.statusCode(), response.headers().map(), response.body());
        Map<String, String> names = new LinkedHashMap<>();
        response.headers().map().forEach((k, v) -> names.put(k.toLowerCase(), String.join(",", v)));
        return new Reply(response.statusCode(), names, response.body());
    }

    /**
     * Starts a PATCH declaring {@code declared} bytes over a raw socket and sends only {@code head} of
     * them; the test decides when to send more or to drop the connection.
     */
    public static Socket openPatch(String url, long offset, long declared, byte[] head) throws IOException {
        return openPatchWith(url, offset, declared, head, Credentials.key(url));
    }

    /** {@link #openPatch} with the given API key. */
    public static Socket openPatchWith(String url, long offset, long declared, byte[] head, String key)
            throws IOException {
        URI uri = URI.create(url);
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(30_000);
        String request = "PATCH " + uri.getPath() + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Tus-Resumable: 1.0.0\r\n"
                + "Authorization: Bearer " + key + "\r\n"
                + "Upload-Offset: " + offset + "\r\n"
                + "Content-Type: " + OCTETS + "\r\n"
                + "Content-Length: " + declared + "\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.write(head);
        out.flush();
        return socket;
    }

    /** Polls HEAD until the offset satisfies the condition, e.g. after a broken PATCH was committed. */
    public long awaitOffset(String url, java.util.function.LongPredicate done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Reply head = head(url);
            Optional<String> offset = Optional.ofNullable(head.header("Upload-Offset"));
            if (offset.isPresent() && done.test(Long.parseLong(offset.get()))) {
                return Long.parseLong(offset.get());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("offset of " + url + " never became right: " + head);
            }
            Thread.sleep(100);
        }
    }
}
