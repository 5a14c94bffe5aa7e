package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator reads from a running replica: the aether_* meters after real uploads (multipart
 * and tus) and jobs (two completed, one permanent failure), JSON log lines that name the video,
 * Jolokia that reads but does not invoke, and the status file that `camel get` reads.
 */
class MetricsTest {
    private static final int DB = 15;
    private static final Duration FINISH = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aRunningReplicaShowsItsWorkInMetricsLogsJolokiaAndTheCli() throws Exception {
        Services.freshRedis(DB).close();
        Path clip = Clips.video(dir, "clip.mp4", 640, 360, 4, true);
        Path other = Clips.video(dir, "other.mp4", 640, 360, 4, false);
        Path junk = dir.resolve("junk.mp4");
        Files.write(junk, "this is not a video".repeat(100).getBytes(StandardCharsets.UTF_8));
        try (AppProcess app = AppProcess.start("all", DB, Map.of("AETHER_LOG_FORMAT", "json", "AETHER_CAMEL_CLI", "true"))) {
            Api api = new Api(app.url());
            String multipart = api.upload(clip, "video", "video/mp4").json().path("id").asText();
            String failing = api.upload(junk, "video", "video/mp4").json().path("id").asText();
            String tus = tusUpload(app.url(), Files.readAllBytes(other));
            assertEquals("completed", api.awaitFinished(multipart, FINISH).path("status").asText());
            assertEquals("completed", api.awaitFinished(tus, FINISH).path("status").asText());
            assertEquals("failed", api.awaitFinished(failing, FINISH).path("status").asText());

            // a finished video's socket is closed after its snapshot; one not uploaded yet stays open
            String unsent = new io.aether.tus.TusClient(app.url()).create(1000, null);
            String unsentId = unsent.substring(unsent.lastIndexOf('/') + 1);
            WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(app.url().replace("http", "ws")
                    + "/ws/videos/" + unsentId + "?ticket=" + java.net.URLEncoder.encode(LiveClient.ticket(app.url(),
                    unsentId, Credentials.key(app.url())), StandardCharsets.UTF_8)), new WebSocket.Listener() {
                    }).get(10, TimeUnit.SECONDS);
            // the queue and job-state gauges are read from Redis every 5 s: the first read that shows the three
            // jobs ended is at most that long after, and is asserted below whole
            Map<String, Double> m = scrape(app.managementUrl());
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!gaugesRead(m) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                m = scrape(app.managementUrl());
            }
            socket.abort();

            assertEquals(2, m.get("aether_jobs_completed_total"), m.toString());
            assertEquals(1, m.get("aether_jobs_failed_total"));
            assertEquals(0, m.get("aether_job_retries_total"));
            assertEquals(3, m.get("aether_job_attempts_total"));
            assertEquals(3, m.get("aether_job_wait_seconds_count"));
            assertEquals(2, m.get("aether_transcode_seconds_count"));
            assertTrue(m.get("aether_transcode_seconds_sum") > 0);
            assertEquals(8.0, m.get("aether_transcoded_media_seconds_total"), 0.5);
            assertEquals(2, m.get("aether_transcode_speed_count"));
            assertTrue(m.get("aether_transcode_speed_sum") > 0);
            assertTrue(m.get("aether_upload_received_bytes_total{kind=\"multipart\"}") >= Files.size(clip) + Files.size(junk));
            assertEquals(Files.size(other), m.get("aether_upload_received_bytes_total{kind=\"tus\"}"));
            assertEquals(0, m.get("aether_uploads_in_flight{kind=\"multipart\"}"));
            assertEquals(0, m.get("aether_uploads_in_flight{kind=\"tus\"}"));
            assertEquals(0, m.get("aether_queue_length"));
            assertEquals(0, m.get("aether_queue_pending"));
            assertEquals(2, m.get("aether_jobs{state=\"completed\"}"));
            assertEquals(1, m.get("aether_jobs{state=\"failed\"}"));
            assertEquals(0, m.get("aether_jobs{state=\"waiting\"}"));
            assertEquals(0, m.get("aether_jobs{state=\"active\"}"));
            assertEquals(1, m.get("aether_websocket_clients"));
            assertTrue(m.containsKey("jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"}")
                    || m.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes")), "JVM meters");

            // the Grafana dashboard asks for meters that exist
            java.util.regex.Matcher used = java.util.regex.Pattern.compile("aether_[a-z_]+")
                    .matcher(Files.readString(Path.of("infra/grafana/aether-dashboard.json")));
            while (used.find()) {
                String name = used.group();
                assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith(name)), "the dashboard reads " + name);
            }

            assertJsonLogsNameTheVideo(Files.readString(app.log()), multipart);

            JsonNode read = jolokia(app.managementUrl() + "/observe/jolokia/read/java.lang:type=Memory/HeapMemoryUsage");
            assertEquals(200, read.path("status").asInt(), read.toString());
            assertTrue(read.path("value").path("used").asLong() > 0);
            JsonNode exec = jolokia(app.managementUrl() + "/observe/jolokia/exec/org.apache.camel:context=aether,type=context,"
                    + "name=%22aether%22/stop()");
            assertEquals(403, exec.path("status").asInt(), "invoking is refused: " + exec);
            assertEquals(200, new Api(app.managementUrl(), "").get("/observe/health/ready").status(), "the context was not stopped");

            // camel-cli-connector: `camel get` and `camel top` read this file, `camel trace` writes beside it
            Path status = Path.of(System.getProperty("user.home"), ".camel", app.pid() + "-status.json");
            assertTrue(Files.exists(status), "no " + status);
            assertTrue(Files.readString(status).contains("\"aether\""), "the status names the context");
        }
    }

    private static void assertJsonLogsNameTheVideo(String log, String videoId) throws Exception {
        int naming = 0;
        for (String line : log.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode entry = JSON.readTree(line);
            assertTrue(entry.has("time") && entry.has("level") && entry.has("message"), line);
            String message = entry.path("message").asText();
            if (message.startsWith("Video " + videoId)) {
                assertEquals(videoId, entry.path("videoId").asText(), "a job's line carries its video id: " + line);
                naming++;
            }
        }
        assertTrue(naming >= 2, "the attempt and the completion are logged: " + naming);
        assertFalse(log.contains("aether-secret-key"), "no secret in the logs");
    }

    /** One POST with the whole body: creation-with-upload; the upload id is the video id. */
    private static String tusUpload(String base, byte[] data) throws Exception {
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/files/")).timeout(Api.REQUEST_TIMEOUT)
                .header("Authorization", Credentials.bearer(base))
                .header("Tus-Resumable", "1.0.0").header("Upload-Length", Integer.toString(data.length))
                .header("Content-Type", "application/offset+octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(Integer.toString(data.length), created.headers().firstValue("Upload-Offset").orElse(""));
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static JsonNode jolokia(String url) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Api.REQUEST_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** The job-state and queue gauges as they are once all three jobs have ended. */
    private static boolean gaugesRead(Map<String, Double> m) {
        return Double.valueOf(2).equals(m.get("aether_jobs{state=\"completed\"}"))
                && Double.valueOf(1).equals(m.get("aether_jobs{state=\"failed\"}"))
                && Double.valueOf(0).equals(m.get("aether_queue_length"))
                && Double.valueOf(0).equals(m.get("aether_queue_pending"));
    }

    /** Prometheus text format: "name{labels} value" to a map; comments skipped. */
    static Map<String, Double> scrape(String base) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/observe/metrics")).timeout(Api.REQUEST_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        Map<String, Double> values = new HashMap<>();
        for (String line : List.of(response.body().split("\n"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return values;
    }
}
