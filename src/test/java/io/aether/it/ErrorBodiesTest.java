package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Answers no route gives: an unknown path or method, and requests the HTTP server's decoder refuses
 * before any route sees them. Each carries the problem details of the contract, like every other error.
 */
class ErrorBodiesTest {
    private static final int DB = 12;
    private static AppProcess api;

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
    void unknownPathsAndMethodsAnswerProblemDetails() throws Exception {
        String id = "0b7c7a43-6f0e-4a55-9c1e-3f0d6c6b2a10";
        assertProblem("GET", "/api/v1/nothing", 404);
        assertProblem("GET", "/hls/%2e%2e/%2e%2e/raw/x/source", 404);
        assertProblem("GET", "/files/" + id, 405);
        assertProblem("POST", "/api/v1/videos/" + id, 405);
        // a route per method and path: a method none of a path's routes takes is the router's 405
        assertProblem("GET", "/files", 405);
        assertProblem("PUT", "/files/" + id, 405);
        assertProblem("PUT", "/api/v1/videos/" + id, 405);
        assertProblem("POST", "/api/v1/webhook", 405);
        assertProblem("PUT", "/api/v1/keys", 405);
    }

    @Test
    void headersTooLargeAnswer431WithProblemDetails() throws Exception {
        String big = "X-Big: " + "a".repeat(100_000) + "\r\n";
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        String metadata = "Tus-Resumable: 1.0.0\r\nUpload-Length: 10\r\nUpload-Metadata: filename "
                + "a".repeat(10_000) + "\r\n";
        for (String headers : List.of(big, many.toString(), metadata)) {
            JsonNode problem = raw("POST /files HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "Content-Length: 0\r\n\r\n",
                    "/files", 431);
            assertTrue(problem.path("detail").asText().contains("headers"), problem.toString());
        }
    }

    @Test
    void aUrlTooLongAnswers414WithProblemDetails() throws Exception {
        String path = "/api/v1/videos/" + "a".repeat(100_000);
        raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", path, 414);
    }

    @Test
    void twoContentLengthsAnswer400WithProblemDetails() throws Exception {
        JsonNode problem = raw("POST /api/v1/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n"
                + "Content-Length: 4\r\n\r\nabcd", "/api/v1/upload", 400);
        assertTrue(problem.path("detail").asText().contains("Content-Length"), problem.toString());
    }

    private static void assertProblem(String method, String path, int status) throws Exception {
        raw(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n", path, status);
    }

    /** Sends the request over a socket; the answer must be the status with problem details, then the close. */
    private static JsonNode raw(String request, String path, int status) throws Exception {
        try (RawHttp connection = new RawHttp(api.url())) {
            connection.send(request);
            connection.awaitHead(5000);
            long deadline = System.currentTimeMillis() + 5000;
            while (!complete(connection) && connection.poll(200) && System.currentTimeMillis() < deadline) {
                // the body follows the head
            }
            String what = request.substring(0, Math.min(80, request.length())) + " -> " + connection.text();
            assertEquals(status, connection.status(), what);
            assertEquals("application/problem+json", connection.header("Content-Type"), what);
            String method = request.substring(0, request.indexOf(' '));
            ContractCheck.check(method, URI.create(api.url() + path), status,
                    Map.of("Content-Type", List.of(connection.header("Content-Type"))), connection.body());
            JsonNode problem = Json.MAPPER.readTree(connection.body());
            assertEquals(status, problem.path("status").asInt(), what);
            assertEquals(problem.path("detail"), problem.path("error"), "the old member stays for a release: " + what);
            if (status != 404 && status != 405) {
                // the decoder refused the request: what follows its head is not a request
                assertTrue(connection.awaitClose(5000), "the server kept the connection: " + what);
            }
            return problem;
        }
    }

    private static boolean complete(RawHttp connection) {
        String length = connection.header("Content-Length");
        return length != null && connection.body().length() >= Integer.parseInt(length);
    }
}
