package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The API's contract (src/main/resources/openapi/aether.yaml) against the real API: the document is
 * served, every operation it lists is called once and answers as it says (ContractCheck), and every
 * HTTP route in routes/ is in it, as each of its paths has a route or a known handler.
 */
class ContractTest {
    private static final int DB = 12;
    /** Paths served outside routes/: the page (io.aether.web.WebPage) and /observe (Camel, InfoPage, on the management port). */
    private static final Set<String> OUTSIDE_ROUTES = Set.of("/", "/{asset}", "/vendor/{asset}", "/observe/health",
            "/observe/health/live", "/observe/health/ready", "/observe/info", "/observe/metrics", "/observe/jolokia");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static AppProcess api;
    private final Set<String> called = new TreeSet<>();

    @BeforeAll
    static void start() throws Exception {
        Services.freshRedis(DB).close();
        api = AppProcess.start("api", DB, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void theDocumentIsServedWithoutAKeyAsKeptInTheRepository() throws Exception {
        HttpResponse<String> reply = call("GET", "/api/openapi.json", null, Map.of(), null);
        assertEquals(200, reply.statusCode(), reply.body());
        assertEquals(ContractCheck.document(), Json.MAPPER.readTree(reply.body()));
        assertEquals("3.1.0", ContractCheck.document().path("openapi").asText());
    }

    @Test
    void everyDocumentedOperationAnswersAsDocumented() throws Exception {
        String key = Credentials.key(api.url());
        String admin = Credentials.ADMIN_KEY;
        call("GET", "/api/openapi.json", null, Map.of(), null);

        String boundary = "contract";
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"video\"; filename=\"a.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\nnot really a video\r\n--" + boundary + "--\r\n";
        HttpResponse<String> upload = call("POST", "/api/v1/upload", key,
                Map.of("Content-Type", "multipart/form-data; boundary=" + boundary), form);
        assertEquals(202, upload.statusCode(), upload.body());
        JsonNode accepted = Json.MAPPER.readTree(upload.body());
        String id = accepted.path("id").asText();
        call("GET", "/api/v1/videos", key, Map.of(), null);
        call("GET", "/api/v1/videos/" + id, key, Map.of(), null);
        call("POST", "/api/v1/videos/" + id + "/ticket", key, Map.of(), null);
        assertEquals(201, call("PUT", "/api/v1/videos/" + id + "/captions/en", key,
                Map.of("Content-Type", "text/vtt"), "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n").statusCode());
        call("GET", "/api/v1/videos/" + id + "/captions", key, Map.of(), null);
        assertEquals(204, call("DELETE", "/api/v1/videos/" + id + "/captions/en", key, Map.of(), null).statusCode());
        assertEquals(401, call("GET", "/ws/videos/" + id, null, Map.of(), null).statusCode());

        String signed = URI.create(accepted.path("playlistUrl").asText()).getRawPath();
        call("GET", signed, null, Map.of(), null);
        call("HEAD", signed, null, Map.of(), null);
        call("PATCH", "/api/v1/videos/" + id, key, Map.of("Content-Type", "application/json"), "{\"public\": true}");
        call("GET", "/hls/" + id + "/master.m3u8", null, Map.of(), null);
        call("HEAD", "/hls/" + id + "/master.m3u8", null, Map.of(), null);
        // not a video: no download (409), and no download file without a valid token (403)
        call("POST", "/api/v1/videos/" + id + "/downloads", key, Map.of("Content-Type", "application/json"),
                "{\"rendition\": \"highest\"}");
        call("GET", "/downloads/not-a-token/" + id + "/highest.mp4", null, Map.of(), null);
        call("HEAD", "/downloads/not-a-token/" + id + "/highest.mp4", null, Map.of(), null);
        call("DELETE", "/api/v1/videos/" + id, key, Map.of(), null);

        Map<String, String> tus = Map.of("Tus-Resumable", "1.0.0");
        call("OPTIONS", "/files", key, Map.of(), null);
        HttpResponse<String> created = call("POST", "/files", key, Map.of("Tus-Resumable", "1.0.0",
                "Upload-Length", "10"), null);
        assertEquals(201, created.statusCode(), created.body());
        String upload1 = URI.create(created.headers().firstValue("Location").orElseThrow()).getRawPath();
        call("HEAD", upload1, key, tus, null);
        Map<String, String> patch = Map.of("Tus-Resumable", "1.0.0", "Upload-Offset", "0",
                "Content-Type", "application/offset+octet-stream");
        assertEquals(204, call("PATCH", upload1, key, patch, "abc").statusCode());
        assertEquals(204, call("POST", upload1, key, Map.of("Tus-Resumable", "1.0.0", "Upload-Offset", "3",
                "Content-Type", "application/offset+octet-stream", "X-HTTP-Method-Override", "PATCH"), "de").statusCode());
        call("OPTIONS", upload1, key, Map.of(), null);
        assertEquals(204, call("DELETE", upload1, key, tus, null).statusCode());

        call("GET", "/api/v1/webhook", key, Map.of(), null);
        call("PUT", "/api/v1/webhook", key, Map.of("Content-Type", "application/json"), "{\"url\": \"http://10.0.0.1/\"}");
        call("POST", "/api/v1/webhook/secret", key, Map.of(), null);
        call("GET", "/api/v1/webhook/deliveries", key, Map.of(), null);
        call("DELETE", "/api/v1/webhook", key, Map.of(), null);

        HttpResponse<String> made = call("POST", "/api/v1/keys", admin, Map.of("Content-Type", "application/json"),
                "{\"owner\": \"contract\", \"name\": \"once\"}");
        assertEquals(201, made.statusCode(), made.body());
        call("GET", "/api/v1/keys?owner=contract", admin, Map.of(), null);
        call("DELETE", "/api/v1/keys/" + Json.MAPPER.readTree(made.body()).path("id").asText(), admin, Map.of(), null);

        call("GET", "/", null, Map.of(), null);
        call("HEAD", "/", null, Map.of(), null);
        call("GET", "/app.js", null, Map.of(), null);
        call("GET", "/vendor/hls.min.js", null, Map.of(), null);
        for (String observe : List.of("/observe/health", "/observe/health/live", "/observe/health/ready",
                "/observe/info", "/observe/metrics", "/observe/jolokia")) {
            call("GET", observe, null, Map.of(), null);
        }

        assertEquals(operations(), called, "operations of the contract this test did not call");
    }

    @Test
    void everyRouteIsInTheContractAndEveryPathOfItIsServed() throws Exception {
        Set<String> routed = new TreeSet<>();
        Set<String> routePaths = new TreeSet<>();
        try (var files = Files.list(Path.of("routes", "api"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (Object item : (List<?>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file))) {
                    JsonNode from = Json.MAPPER.valueToTree(item).path("route").path("from");
                    String uri = from.path("uri").asText();
                    if (uri.startsWith("platform-http:")) {
                        String path = uri.substring("platform-http:".length());
                        routePaths.add(path);
                        for (String method : from.path("parameters").path("httpMethodRestrict").asText().split(",")) {
                            routed.add(method.trim() + " " + path);
                        }
                    } else if (uri.startsWith("websocket:")) {
                        String path = uri.substring("websocket:".length());
                        routePaths.add(path);
                        routed.add("GET " + path);
                    }
                }
            }
        }
        assertTrue(routed.size() > 15, "the routes were not read: " + routed);
        Set<String> documented = operations();
        Set<String> missing = new TreeSet<>(routed);
        missing.removeAll(documented);
        assertEquals(Set.of(), missing, "routes the contract does not document");
        Set<String> unserved = new TreeSet<>();
        for (String operation : documented) {
            String path = operation.substring(operation.indexOf(' ') + 1);
            if (!routed.contains(operation) && !OUTSIDE_ROUTES.contains(path)) {
                unserved.add(operation);
            }
        }
        assertEquals(Set.of(), unserved, "operations of the contract that no route serves");
    }

    /** Every operation of the contract, as "METHOD /path/{template}". */
    private static Set<String> operations() {
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = ContractCheck.document().path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : List.of("get", "put", "post", "delete", "options", "head", "patch")) {
                if (path.getValue().has(method)) {
                    operations.add(method.toUpperCase() + " " + path.getKey());
                }
            }
        }
        return operations;
    }

    /** One request, its answer checked against the contract, its operation counted as called. */
    private HttpResponse<String> call(String method, String path, String key, Map<String, String> headers, String body)
            throws Exception {
        // /observe is served on the management port only (the contract names that server for those paths)
        String base = path.startsWith("/observe") ? api.managementUrl() : api.url();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        headers.forEach(request::header);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        ContractCheck.check(method, response.uri(), response.statusCode(), response.headers().map(), response.body());
        String template = ContractCheck.template(response.uri().getRawPath()).orElseThrow();
        called.add(method + " " + template);
        return response;
    }
}
