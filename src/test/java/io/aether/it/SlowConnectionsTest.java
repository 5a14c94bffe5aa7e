package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections that never finish a request are not kept: a request head must be in within the head
 * timeout, a kept-alive connection may idle for the idle time, and a replica keeps at most so many
 * connections open; while thousands of such connections are there, reads answer as fast as ever.
 * A slow but moving upload and an idle WebSocket are neither.
 */
class SlowConnectionsTest {
    private static final int DB = 12;
    private static final long HEAD_MS = 2000;
    private static final long IDLE_MS = 3000;
    private static final int CAP = 2100;
    private static final int EACH = 500;
    private static final String VIDEOS = "GET /api/v1/videos HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    private static AppProcess api;

    @BeforeAll
    static void start() throws Exception {
        Services.freshRedis(DB).close();
        api = AppProcess.start("api", DB, Map.of(
                "AETHER_HTTP_HEAD_TIMEOUT_MS", Long.toString(HEAD_MS),
                "AETHER_HTTP_KEEPALIVE_IDLE_MS", Long.toString(IDLE_MS),
                "AETHER_HTTP_MAX_CONNECTIONS", Integer.toString(CAP)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void unfinishedHeadsAreClosedWhileReadsStayFast() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        try (Crowd crowd = new Crowd()) {
            crowd.open(api.url(), "half a request line", EACH, "GET /api/v1/vid", false);
            crowd.open(api.url(), "headers without their blank line", EACH, VIDEOS, false);
            crowd.open(api.url(), "a header at 1 byte/s", EACH, VIDEOS + "X-Slow: ", true);
            crowd.open(api.url(), "nothing at all", EACH, "", false);
            crowd.open(api.managementUrl(), "management headers", 20, "GET /observe/health HTTP/1.1\r\n", false);
            long end = System.currentTimeMillis() + HEAD_MS + 6000;
            long nextDrip = 0;
            int reads = 0;
            while (System.currentTimeMillis() < end && !crowd.stillOpen().isEmpty()) {
                crowd.pump(200);
                if (System.currentTimeMillis() >= nextDrip) {
                    crowd.drip();
                    nextDrip = System.currentTimeMillis() + 1000;
                }
                if (crowd.stillOpen().size() > EACH) {
                    assertReadsFast(client); // the crowd is there: the API answers all the same
                    reads++;
                }
            }
            assertTrue(reads >= 3, "only " + reads + " reads while the crowd was there");
            List<Crowd.Member> open = crowd.stillOpen();
            assertTrue(open.isEmpty(), open.size() + " unfinished connections still open, e.g. "
                    + open.stream().map(m -> m.kind).distinct().toList());
            for (Crowd.Member member : crowd.members()) {
                assertTrue(member.lifetimeMs() >= HEAD_MS - 250 && member.lifetimeMs() <= HEAD_MS + 3000,
                        member.kind + " closed after " + member.lifetimeMs() + " ms");
                if (member.kind.contains("headers")) {
                    assertTrue(member.text().startsWith("HTTP/1.1 408 "), member.kind + ": " + member.text());
                    assertTrue(member.text().contains("application/problem+json"), member.text());
                    assertTrue(member.text().contains("\"status\":408"), member.text());
                } else if (member.kind.equals("nothing at all")) {
                    assertEquals("", member.text(), "nothing was asked, nothing is answered");
                }
            }
        }
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedAfterTheIdleTime() throws Exception {
        try (RawHttp connection = new RawHttp(api.url())) {
            connection.send(VIDEOS + "\r\n");
            connection.awaitHead(5000);
            assertEquals(200, connection.status(), connection.text());
            // longer than the head timeout: between requests the idle time applies, not the head's
            Thread.sleep(HEAD_MS + 500);
            assertTrue(connection.poll(1), "closed before the idle time: " + connection.text());
            int before = connection.text().length();
            connection.send(VIDEOS + "\r\n");
            long sent = System.currentTimeMillis();
            while (!connection.text().substring(before).contains("\"total\"") && connection.poll(200)
                    && System.currentTimeMillis() - sent < 5000) {
                // the second answer is on its way
            }
            assertTrue(connection.text().substring(before).startsWith("HTTP/1.1 200"), connection.text());
            long answered = System.currentTimeMillis();
            assertTrue(connection.awaitClose(IDLE_MS + 4000), "an idle connection stayed open");
            long idled = System.currentTimeMillis() - answered;
            assertTrue(idled >= IDLE_MS - 300 && idled <= IDLE_MS + 2000, "closed after " + idled + " ms idle");
            assertEquals(before, connection.text().indexOf("HTTP/1.1 200", before), "nothing but the answer");
        }
    }

    @Test
    void aSlowButMovingUploadAndAnIdleWebSocketOutliveTheBounds(@TempDir Path dir) throws Exception {
        Path clip = Clips.video(dir, "slow.mp4", 320, 240, 3, false);
        Api.Reply first = new Api(api.url()).upload(clip, "video", "video/mp4");
        assertEquals(202, first.status(), first.text());
        String id = first.json().path("id").asText();
        byte[] file = Files.readAllBytes(clip);
        String head = "--slow\r\nContent-Disposition: form-data; name=\"video\"; filename=\"slow.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n";
        String tail = "\r\n--slow--\r\n";
        try (LiveClient live = LiveClient.watch(api.url(), id); RawHttp upload = new RawHttp(api.url())) {
            assertEquals("snapshot", live.next(Duration.ofSeconds(10)).path("type").asText());
            upload.send("POST /api/v1/upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: multipart/form-data; boundary=slow\r\nContent-Length: "
                    + (head.length() + file.length + tail.length()) + "\r\n\r\n" + head);
            // 4 KB/s, above the upload's minimum rate, for longer than the head timeout and the idle time
            int chunk = 2048;
            int chunks = (int) ((HEAD_MS + IDLE_MS + 2000) / 500);
            assertTrue(file.length > chunk * chunks, "the clip is too small to trickle: " + file.length);
            for (int i = 0; i < chunks; i++) {
                upload.send(Arrays.copyOfRange(file, i * chunk, (i + 1) * chunk));
                Thread.sleep(500);
                assertTrue(upload.poll(1) && !upload.answered(), "the moving upload was cut: " + upload.text());
            }
            assertFalse(live.isClosed(), "the idle WebSocket was closed");
            upload.send(Arrays.copyOfRange(file, chunk * chunks, file.length));
            upload.send(tail.getBytes(StandardCharsets.ISO_8859_1));
            upload.awaitHead(30_000);
            assertEquals(202, upload.status(), upload.text());
            assertFalse(live.isClosed(), "the idle WebSocket was closed");
        }
    }

    @Test
    void connectionsOverTheCapAreRefusedAtOnce() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        try (Crowd crowd = new Crowd()) {
            crowd.open(api.url(), "idle", CAP + 200, "", false);
            crowd.pump(500);
            List<Crowd.Member> refused = crowd.members().stream().filter(m -> m.text().startsWith("HTTP/1.1 503 ")).toList();
            assertTrue(refused.size() >= 100, "refused over the cap of " + CAP + ": " + refused.size());
            // the management port counts its own connections: the probes still get through
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(api.managementUrl() + "/observe/health"))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            for (Crowd.Member member : refused) {
                assertTrue(member.closed() && member.lifetimeMs() < 1500, "a refused connection stayed open");
                assertTrue(member.text().contains("\r\nRetry-After: 1\r\n"), member.text());
                assertTrue(member.text().contains("\"status\":503"), member.text());
            }
            long end = System.currentTimeMillis() + HEAD_MS + 4000;
            while (System.currentTimeMillis() < end && !crowd.stillOpen().isEmpty()) {
                crowd.pump(200);
            }
            assertEquals(0, crowd.stillOpen().size(), "connections admitted and left silent are closed too");
        }
        assertReadsFast(client); // the slots are free again
    }

    private static void assertReadsFast(HttpClient client) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/videos"))
                .header("Authorization", Credentials.bearer(api.url()))
                .timeout(Duration.ofSeconds(1)).GET().build();
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(ms < 1000, "a read took " + ms + " ms");
    }
}
