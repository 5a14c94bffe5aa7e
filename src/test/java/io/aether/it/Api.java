package io.aether.it;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;

/** A client of the Aether HTTP API, as a front end would use it. */
public final class Api {
    /** Longer than any answer the tests wait for; past it the call fails instead of hanging. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String key;

    /** A client with the key of the tests' owner at this replica (Credentials). */
    public Api(String base) {
        this(base, Credentials.key(base));
    }

    public Api(String base, String key) {
        this.base = base;
        this.key = key;
    }

    public record Reply(int status, JsonNode json, String text, java.net.http.HttpHeaders headers) {
        /** The Retry-After header, or null. */
        public String retryAfter() {
            return headers.firstValue("Retry-After").orElse(null);
        }
    }

    /** POSTs the file as multipart/form-data in the given field, streamed from disk. */
    public Reply upload(Path file, String field, String contentType) throws Exception {
        return upload(file, field, contentType, "");
    }

    /** The same with a query string, such as {@code ?public=true}. */
    public Reply upload(Path file, String field, String contentType, String query) throws Exception {
        return upload(file, field, contentType, query, Map.of());
    }

    /** The same with text fields before the file, such as {@code ladder=fixed}. */
    public Reply upload(Path file, String field, String contentType, String query, Map<String, String> fields)
            throws Exception {
        String boundary = "aether-" + UUID.randomUUID();
        StringBuilder options = new StringBuilder();
        fields.forEach((name, value) -> options.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"title\"\r\n\r\nmy clip\r\n"
                + options
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" + file.getFileName() + "\"\r\n"
                + "Content-Type: " + contentType + "\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        long length = head.length() + Files.size(file) + tail.length();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/upload" + query)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        List<InputStream> parts = List.of(new ByteArrayInputStream(head.getBytes(StandardCharsets.UTF_8)),
                                Files.newInputStream(file), new ByteArrayInputStream(tail.getBytes(StandardCharsets.UTF_8)));
                        return new SequenceInputStream(Collections.enumeration(parts));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }), length))
                .build();
        return send(request);
    }

    public Reply post(String path, String contentType, byte[] body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public Reply put(String path, String contentType, byte[] body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public Reply patch(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** A GET of any URL with extra headers (Range...), answered as bytes. */
    public HttpResponse<byte[]> raw(String url, String... headers) throws Exception {
        return checked(http.send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).headers(headers)
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    public Reply get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    public HttpResponse<byte[]> raw(String url) throws Exception {
        return checked(http.send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).header("Origin", "http://player.example")
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    /** Holds an answer of this API (not of a public HLS base elsewhere) to the contract. */
    private HttpResponse<byte[]> checked(HttpResponse<byte[]> response) {
        if (response.uri().toString().startsWith(base)) {
            ContractCheck.check(response.request().method(), response.uri(), response.statusCode(),
                    response.headers().map(), new String(response.body(), StandardCharsets.ISO_8859_1));
        }
        return response;
    }

    public JsonNode video(String id) throws Exception {
        Reply reply = get("/api/v1/videos/" + id);
        if (reply.status() != 200) {
            throw new IllegalStateException("GET video " + id + " answered " + reply.status() + " " + reply.text());
        }
        return reply.json();
    }

    /** Polls the record until its status is one of the given ones. */
    public JsonNode await(String id, Set<String> statuses, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode video = video(id);
        while (!statuses.contains(video.path("status").asText())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("video " + id + " did not reach " + statuses + " in " + timeout + ": " + video);
            }
            // every test past its job's end waits half of this on average, and the suite waits for many jobs
            Thread.sleep(100);
            video = video(id);
        }
        return video;
    }

    public JsonNode awaitFinished(String id, Duration timeout) throws Exception {
        return await(id, Set.of("completed", "failed"), timeout);
    }

    public Reply delete(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE().build());
    }

    private Reply send(HttpRequest request) throws Exception {
        // a request that never gets its answer fails the test instead of hanging the suite
        HttpRequest keyed = HttpRequest.newBuilder(request, (name, value) -> true)
                .timeout(request.timeout().orElse(REQUEST_TIMEOUT))
                .header("Authorization", "Bearer " + key).build();
        HttpResponse<String> response = http.send(keyed, HttpResponse.BodyHandlers.ofString());
        // every answer the tests get is held to the API's contract, so the contract cannot drift
        ContractCheck.check(keyed.method(), keyed.uri(), response.statusCode(), response.headers().map(),
                response.body());
        JsonNode json = null;
        if (isJson(response.headers())) {
            json = Json.MAPPER.readTree(response.body());
        }
        return new Reply(response.statusCode(), json, response.body(), response.headers());
    }

    /** application/json, or an error's application/problem+json. */
    static boolean isJson(java.net.http.HttpHeaders headers) {
        String type = headers.firstValue("Content-Type").orElse("");
        return type.startsWith("application/json") || type.startsWith("application/problem+json");
    }
}
