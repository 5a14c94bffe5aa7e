package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stalled-job recovery, leases and retries, with API and workers as separate processes. The clips are
 * 720p: a two-rung ladder runs long enough to act on mid-encode at a third of the 1080p ladder's cost.
 */
class WorkerRecoveryTest {
    private static final int DB = 3;
    private static final long LEASE_MS = 2000;
    private static final Duration TRANSCODE = Duration.ofMinutes(3);
    private static final Map<String, String> PER_TITLE = Map.of("AETHER_LADDER", "per-title");
    // these follow one whole-video job, so the single pass (120 s and less); parts: ChunkedTranscodeTest
    private static final Map<String, String> WORKER_ENV = Map.of("AETHER_LEASE_MS", Long.toString(LEASE_MS),
            "AETHER_CHUNK_THRESHOLD_S", "0");

    @TempDir
    Path dir;

    // one API for the class: each test has its own video and its own workers
    private static StatefulRedisConnection<String, String> redis;
    private static AppProcess api;
    private final java.util.List<AppProcess> workers = new java.util.ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        redis = Services.freshRedis(DB);
        api = AppProcess.start("api", DB, Map.of());
    }

    @AfterEach
    void stopWorkers() throws Exception {
        for (AppProcess worker : workers) {
            worker.close();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        AppProcess.closeAll(api);
        redis.close();
    }

    private AppProcess worker(Map<String, String> env) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(WORKER_ENV);
        all.putAll(env);
        AppProcess worker = AppProcess.start("worker", DB, all);
        workers.add(worker);
        return worker;
    }

    @Test
    void aKilledWorkersJobIsTakenOverAndCompletesOnce() throws Exception {
        // the per-title trials run, and the decision they make must outlive the worker; the VMAF run after the
        // job (as deployed) is left off: it measures what the second attempt made, not what it chose
        AppProcess first = worker(PER_TITLE);
        Api client = new Api(api.url());
        String id = client.upload(Clips.video(dir, "long.mp4", 1280, 720, 30, true), "video", "video/mp4")
                .json().path("id").asText();
        awaitTranscoding(client, id);
        JsonNode decided = client.video(id); // encoding: the trials chose its ladder
        assertTrue(decided.path("worker").asText().startsWith(first.workerPrefix()));
        first.kill();

        AppProcess second = worker(PER_TITLE);
        JsonNode video = client.awaitFinished(id, TRANSCODE);
        // the quiet spell after completion, in which a lease run out would run the job again, starts now:
        // the checks of what was made take part of it
        long quietUntil = System.currentTimeMillis() + 3 * LEASE_MS;
        assertEquals("completed", video.path("status").asText(), video.toString());
        assertEquals(2, video.path("attempts").asInt(), "one attempt per worker");
        assertTrue(video.path("worker").asText().startsWith(second.workerPrefix()), video.toString());
        HlsCheck.check(client, video.path("playlistUrl").asText(), true, dir);
        // the ladder the first attempt's trials chose stands: the second runs none
        assertEquals("per-title", decided.path("ladder").asText(), decided.toString());
        assertEquals(ladder(decided), ladder(video), video.toString());
        String log = Files.readString(second.log());
        assertFalse(log.contains("ladder from trials"), log);
        assertTrue(log.contains("the per-title ladder an earlier attempt decided, no trials"), log);

        Thread.sleep(Math.max(0, quietUntil - System.currentTimeMillis()));
        assertEquals(2, client.video(id).path("attempts").asInt(), "a completed job is not run again");
        assertEquals(0, redis.sync().xpending("aether:queue:transcode", "workers").getCount(), "nothing left pending");
    }

    @Test
    void twoLiveWorkersNeverRunTheSameJob() throws Exception {
        List<AppProcess> both = AppProcess.startAll(DB, WORKER_ENV, "worker", "worker");
        workers.addAll(both);
        AppProcess a = both.get(0);
        AppProcess b = both.get(1);
        Api client = new Api(api.url());
        // the transcode takes several leases, so only lease renewal keeps the other worker off it
        String id = client.upload(Clips.video(dir, "long.mp4", 1280, 720, 40, true), "video", "video/mp4")
                .json().path("id").asText();
        AtomicInteger mostAtOnce = new AtomicInteger();
        long started = System.nanoTime();
        JsonNode video = client.video(id);
        while (!Set.of("completed", "failed").contains(video.path("status").asText())) {
            mostAtOnce.accumulateAndGet(Ffmpegs.count(a) + Ffmpegs.count(b), Math::max);
            Thread.sleep(100);
            video = client.video(id);
            assertTrue(System.nanoTime() - started < TRANSCODE.toNanos(), "timed out: " + video);
        }
        assertEquals("completed", video.path("status").asText(), video.toString());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() > 2 * LEASE_MS,
                "the job must outlast the lease for this test to mean anything");
        assertEquals(1, video.path("attempts").asInt(), video.toString());
        assertEquals(1, mostAtOnce.get(), "ffmpeg ran in both workers at once");
    }

    @Test
    void aKilledFfmpegIsRetriedAndTheJobCompletes() throws Exception {
        AppProcess worker = worker(Map.of("AETHER_RETRY_DELAY_MS", "200"));
        Api client = new Api(api.url());
        String id = client.upload(Clips.video(dir, "long.mp4", 1280, 720, 30, true), "video", "video/mp4")
                .json().path("id").asText();
        awaitTranscoding(client, id);
        List<ProcessHandle> ffmpeg = Ffmpegs.running(worker);
        assertEquals(1, ffmpeg.size());
        ffmpeg.get(0).destroyForcibly();

        JsonNode video = client.awaitFinished(id, TRANSCODE);
        assertEquals("completed", video.path("status").asText(), video.toString());
        assertEquals(2, video.path("attempts").asInt(), video.toString());
        assertEquals("", video.path("error").asText(), "a success clears the earlier error");
    }

    @Test
    void transientFailuresBackOffAndGiveUpAfterTheLastAttempt() throws Exception {
        // an ffmpeg that always fails like a crashed one: every attempt is retried until none is left
        worker(Map.of("AETHER_FFMPEG", "false", "AETHER_MAX_ATTEMPTS", "3", "AETHER_RETRY_DELAY_MS", "400"));
        Api client = new Api(api.url());
        long started = System.nanoTime();
        String id = client.upload(Clips.video(dir, "short.mp4", 640, 360, 1, true), "video", "video/mp4")
                .json().path("id").asText();
        JsonNode video = client.awaitFinished(id, TRANSCODE);
        long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertEquals("failed", video.path("status").asText(), video.toString());
        assertEquals(3, video.path("attempts").asInt(), video.toString());
        assertTrue(video.path("error").asText().startsWith("ffmpeg exited with 1"), video.toString());
        assertTrue(elapsedMs >= 400 + 800, "waits of 400 ms and 800 ms come before attempts 2 and 3: " + elapsedMs);
    }

    private static void awaitTranscoding(Api client, String id) throws Exception {
        long deadline = System.nanoTime() + TRANSCODE.toNanos();
        JsonNode video = client.video(id);
        while (!(video.path("status").asText().equals("active") && video.path("progress").asInt() > 0)) {
            assertTrue(System.nanoTime() < deadline, "never started transcoding: " + video);
            Thread.sleep(100);
            video = client.video(id);
        }
    }

    /** The video's ladder and each rung's name and encoding, as the API shows them. */
    private static List<String> ladder(JsonNode video) {
        List<String> out = new java.util.ArrayList<>(List.of(video.path("ladder").asText()));
        video.path("renditions").forEach(r -> out.add(r.path("name").asText() + " " + r.path("encoding")));
        return out;
    }
}
