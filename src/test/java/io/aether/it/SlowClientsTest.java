package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that send an upload a byte a second must not starve the API: only a few bodies are read
 * at once, the rest are turned away at once with 503, and the ones read are cut off for being too slow.
 */
class SlowClientsTest {
    private static final int DB = 11;
    private static final int SLOW_CLIENTS = 150;
    private static final int MAX_BODIES = 8;
    private static final int WINDOW_MS = 3000;
    private static AppProcess api;

    @BeforeAll
    static void start() throws Exception {
        Services.freshRedis(DB).close();
        api = AppProcess.start("api", DB, Map.of(
                "AETHER_MAX_UPLOAD_BODIES", Integer.toString(MAX_BODIES),
                "AETHER_UPLOAD_MIN_RATE", "1024",
                "AETHER_UPLOAD_RATE_WINDOW_MS", Integer.toString(WINDOW_MS)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void slowUploadsNeitherStarveTheApiNorStayForever() throws Exception {
        Set<String> objectsBefore = PipelineTest.objects("raw", "");
        Set<String> uploadsBefore = UploadLimitsTest.openUploads();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        List<RawHttp> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                RawHttp connection = new RawHttp(api.url());
                slow.add(connection);
                connection.send("POST /api/v1/upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: multipart/form-data; boundary=slow\r\nContent-Length: 100000\r\n\r\n"
                        + "--slow\r\nContent-Disposition: form-data; name=\"video\"; filename=\"slow.mp4\"\r\n"
                        + "Content-Type: video/mp4\r\n\r\n");
            }
            // a byte a second to every connection that has no answer yet, until all have one (bounded)
            long deadline = System.currentTimeMillis() + 4L * WINDOW_MS + 10_000;
            int round = 0;
            while (System.currentTimeMillis() < deadline && slow.stream().anyMatch(c -> !c.answered())) {
                long roundStart = System.currentTimeMillis();
                for (RawHttp connection : slow) {
                    connection.poll(1);
                    if (!connection.answered() && !connection.closedByServer()) {
                        connection.send(new byte[] {'x'});
                    }
                }
                if (round++ < 3) {
                    // the slow uploads are open: reads and health answer all the same
                    assertAnswersWithinASecond(client, "/api/v1/videos");
                    assertAnswersWithinASecond(client, "/observe/health");
                }
                Thread.sleep(Math.max(0, 1000 - (System.currentTimeMillis() - roundStart)));
            }
            for (RawHttp connection : slow) {
                connection.awaitHead(1000);
            }
            List<RawHttp> refused = slow.stream().filter(c -> c.status() == 503).toList();
            List<RawHttp> cutOff = slow.stream().filter(c -> c.status() == 408).toList();
            assertTrue(refused.size() >= SLOW_CLIENTS / 2, "refused at once: " + refused.size());
            for (RawHttp connection : refused) {
                assertEquals("1", connection.header("Retry-After"), connection.text());
            }
            assertTrue(refused.get(0).body().contains("\"status\":503"), refused.get(0).text());
            assertTrue(!cutOff.isEmpty(), "no slow upload was cut off");
            for (RawHttp connection : cutOff) {
                assertTrue(connection.body().contains("\"error\":"), connection.text());
                assertTrue(connection.body().contains("\"status\":408"), connection.text());
            }
        } finally {
            for (RawHttp connection : slow) {
                connection.close();
            }
        }
        assertEquals(objectsBefore, PipelineTest.objects("raw", ""), "a cut-off upload left an object behind");
        Set<String> opened = new java.util.TreeSet<>(UploadLimitsTest.openUploads());
        opened.removeAll(uploadsBefore);
        assertEquals(Set.of(), opened, "a cut-off upload left a multipart upload open");
        assertEquals(0, new Api(api.url()).get("/api/v1/videos").json().path("total").asLong(), "no record");
    }

    private static void assertAnswersWithinASecond(HttpClient client, String path) throws Exception {
        // /observe is on the management port, which shares the Vert.x worker threads the uploads hold
        String base = path.startsWith("/observe") ? api.managementUrl() : api.url();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", Credentials.bearer(api.url()))
                .timeout(Duration.ofSeconds(1)).GET().build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
    }
}
