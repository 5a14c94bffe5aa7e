package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.tus.TusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aether on a Sentinel-managed Redis (docs/failover.md): the primary is killed (SIGKILL) mid-upload and
 * mid-transcode, the Sentinel promotes the replica, and API and worker follow it.
 */
class RedisFailoverTest {
    private static final Duration FAILOVER = Duration.ofSeconds(30);
    private static final Duration TRANSCODE = Duration.ofMinutes(2);
    private static final long LEASE_MS = 8000;

    @TempDir
    static Path dir;

    private static RedisGroup group;
    private static AppProcess api;
    private static AppProcess worker;
    /** A node killed by the last test, started again before the next so that there is a replica. */
    private static Integer killed;

    @BeforeAll
    static void start() throws Exception {
        group = RedisGroup.start(dir);
        Map<String, String> env = new HashMap<>(Map.of("AETHER_REDIS_URL", group.url(),
                "AETHER_REDIS_SENTINEL_PASSWORD", RedisGroup.SENTINEL_PASSWORD,
                "AETHER_LEASE_MS", Long.toString(LEASE_MS)));
        List<AppProcess> started = AppProcess.startAll(0, env, "api", "worker");
        api = started.get(0);
        worker = started.get(1);
    }

    @AfterAll
    static void stop() throws Exception {
        AppProcess.closeAll(api, worker);
        if (group != null) {
            group.close();
        }
    }

    @BeforeEach
    void replicated() throws Exception {
        if (killed != null) {
            group.restart(killed);
            group.awaitReplica(killed);
            killed = null;
        }
    }

    @Test
    void anUploadResumesOnTheNewPrimary() throws Exception {
        byte[] data = Files.readAllBytes(Clips.video(dir, "upload.mp4", 640, 360, 8, true));
        TusClient tus = new TusClient(api.url());
        String url = tus.create(data.length, "filename " + b64("upload.mp4") + ",filetype " + b64("video/mp4"));
        int half = data.length / 2;
        assertEquals(204, tus.patch(url, 0, Arrays.copyOfRange(data, 0, half)).status());

        // the replica held back a while, as a failover with production timeouts takes 30 s and more:
        // meanwhile the API answers "retry later", not a failure of the upload
        int replica = replicaPort();
        group.freeze(replica);
        try {
            killed = group.primary();
            group.kill(killed);
            TusClient.Reply during = tus.patch(url, half, Arrays.copyOfRange(data, half, data.length));
            assertEquals(503, during.status(), during.toString());
            assertNotNull(during.header("Retry-After"), during.toString());
        } finally {
            group.thaw(replica);
        }
        int primary = group.awaitFailover(killed, FAILOVER);
        // a client of its own: the JDK's, whose body the 503 cut short, may send the next request on a dead
        // connection and wait out its whole timeout (seen here; the API had nothing in progress meanwhile)
        TusClient resumed = new TusClient(api.url());
        long offset = whenAvailable(() -> resumed.head(url)).offset();
        // an acknowledged PATCH the replica had not received yet would be gone: the offset says where to go on
        assertTrue(offset <= half, "offset " + offset + " past what was acknowledged (" + half + ")");
        TusClient.Reply rest = whenAvailable(() -> resumed.patch(url, offset,
                Arrays.copyOfRange(data, (int) offset, data.length)));
        assertEquals(204, rest.status(), rest.toString());
        assertEquals(data.length, rest.offset());

        String id = url.substring(url.lastIndexOf('/') + 1);
        JsonNode video = awaitStatus(id, Set.of("completed", "failed"));
        assertEquals("completed", video.path("status").asText(), video.toString());
        assertEquals(1, video.path("attempts").asInt(), video.toString());
        assertTrue(group.cli(primary, "INFO", "replication").contains("role:master"));
        assertSecretsNotLogged();
    }

    @Test
    void aJobRunningThroughAFailoverCompletesOnce() throws Exception {
        String id = upload(Clips.video(dir, "job.mp4", 1280, 720, 16, true));
        awaitStatus(id, Set.of("active"));

        killed = group.primary();
        group.kill(killed);
        int primary = group.awaitFailover(killed, FAILOVER);

        JsonNode video = awaitStatus(id, Set.of("completed", "failed"));
        assertEquals("completed", video.path("status").asText(), video.toString());
        // a step that needed Redis in the switch gives the job back and it runs again (attempt 2); one
        // that did not carries on (attempt 1). Either way the video completes once
        int attempts = video.path("attempts").asInt();
        assertTrue(attempts == 1 || attempts == 2, video.toString());
        assertEquals(1, completions(id), "one completion in the worker's log");
        assertEquals("0", pending(primary), "the entry was acknowledged on the new primary");
        assertSecretsNotLogged();
    }

    private int replicaPort() throws Exception {
        int primary = group.primary();
        String info = group.cli(primary, "INFO", "replication");
        var port = Pattern.compile("slave0:ip=[^,]+,port=(\\d+)").matcher(info);
        assertTrue(port.find(), info);
        return Integer.parseInt(port.group(1));
    }

    /** Neither password reaches a log line, however the connections failed. */
    private static void assertSecretsNotLogged() throws Exception {
        for (AppProcess app : List.of(api, worker)) {
            String log = Files.readString(app.log());
            assertFalse(log.contains(RedisGroup.PASSWORD), app.log() + " shows the Redis password");
            assertFalse(log.contains(RedisGroup.SENTINEL_PASSWORD), app.log() + " shows the Sentinel password");
        }
    }

    private static long completions(String id) throws Exception {
        return Files.readAllLines(worker.log()).stream().filter(l -> l.contains("Video " + id + " completed")).count();
    }

    private static String pending(int primary) throws Exception {
        return group.cli(primary, "XPENDING", "aether:queue:transcode", "workers").lines().findFirst().orElse("");
    }

    private static String upload(Path file) throws Exception {
        Api.Reply reply = new Api(api.url()).upload(file, "video", "video/mp4");
        assertEquals(202, reply.status(), reply.text());
        return reply.json().path("id").asText();
    }

    /** Polls the record, through the failover's 503s, until its status is one of these. */
    private static JsonNode awaitStatus(String id, Set<String> statuses) throws Exception {
        Api client = new Api(api.url());
        long deadline = System.nanoTime() + TRANSCODE.toNanos();
        while (true) {
            Api.Reply reply = client.get("/api/v1/videos/" + id);
            if (reply.status() == 200 && statuses.contains(reply.json().path("status").asText())) {
                return reply.json();
            }
            assertTrue(reply.status() == 200 || reply.status() == 503, reply.status() + " " + reply.text());
            if (System.nanoTime() > deadline) {
                throw new AssertionError("video " + id + " never reached " + statuses + ": " + reply.text());
            }
            Thread.sleep(250);
        }
    }

    private interface Call {
        TusClient.Reply send() throws Exception;
    }

    /** The reply once it is not 503, waiting as long as Retry-After says. */
    private static TusClient.Reply whenAvailable(Call call) throws Exception {
        long deadline = System.nanoTime() + FAILOVER.toNanos();
        TusClient.Reply reply = call.send();
        while (reply.status() == 503 && System.nanoTime() < deadline) {
            Thread.sleep(1000L * Long.parseLong(reply.header("Retry-After")));
            reply = call.send();
        }
        return reply;
    }

    private static String b64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
