package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.models.stream.PendingMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One worker process runs the parts of a video side by side, one per slot, and a single pass
 * alone; a short source is chunked too, and plays after its short first chunk, into fewer chunks
 * while other jobs wait. A worker stopped with both slots busy gives both parts back.
 */
class WorkerSlotsTest {
    private static final int DB = 13;
    private static final Duration TRANSCODE = Duration.ofMinutes(5);
    /** Two slots whatever the machine: the default is one per core. */
    private static final Map<String, String> SLOTS = Map.of("AETHER_PART_SLOTS", "2");
    private static final Duration LONG_LEASE = Duration.ofSeconds(150);

    @TempDir
    Path dir;

    private static AppProcess api;
    private final List<AppProcess> workers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Services.freshRedis(DB).close();
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
    }

    @Test
    void aShortClipRunsTwoPartsAtOnceOnOneWorkerAndPlaysBeforeItCompletes() throws Exception {
        AppProcess worker = worker();
        Api client = new Api(api.url());
        // 30 s: over the 20 s threshold, so chunked: 2 s, then 10, 10 and 8
        JsonNode accepted = client.upload(Clips.video(dir, "short.mp4", 1280, 720, 30, true), "video", "video/mp4")
                .json();
        String id = accepted.path("id").asText();
        String base = ChunkCheck.base(accepted.path("playlistUrl").asText());
        int mostChunksAtOnce = 0;
        boolean playableWhileActive = false;
        ChunkCheck.Media first = null;
        long deadline = System.nanoTime() + TRANSCODE.toNanos();
        JsonNode video = client.video(id);
        while (!Set.of("completed", "failed").contains(video.path("status").asText())) {
            assertTrue(System.nanoTime() < deadline, "timed out: " + video);
            mostChunksAtOnce = Math.max(mostChunksAtOnce, Ffmpegs.sample(worker).chunks());
            if (first == null && video.path("playable").asBoolean()) {
                first = ChunkCheck.media(client, base + "720p.m3u8");
                playableWhileActive = client.video(id).path("status").asText().equals("active");
            }
            Thread.sleep(30);
            video = client.video(id);
        }
        assertEquals("completed", video.path("status").asText(), video.toString());
        assertTrue(playableWhileActive, "playable before it completed");
        assertEquals(2.0, first.durations().get(0), 0.05, "the first segment is short: " + first.text());
        assertEquals(2, mostChunksAtOnce, "two chunks of the video were encoded at once on the one worker");
        assertEquals(4, video.path("chunks").asInt(), video.toString());
        ChunkCheck.Media done = ChunkCheck.media(client, base + "720p.m3u8");
        assertEquals(List.of(2.0, 10.0, 10.0, 8.0), done.durations().stream().map(d -> Math.round(d * 10) / 10.0).toList());
        assertTrue(done.text().contains("#EXT-X-TARGETDURATION:10") && done.text().contains("#EXT-X-ENDLIST"));
    }

    @Test
    void videosPlannedWhileOtherJobsWaitAreCutIntoTheShortFirstChunkAndOneLongOne() throws Exception {
        Api client = new Api(api.url());
        // queued before the worker starts: the first two planned see the third waiting, the third their parts
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(client.upload(Clips.video(dir, "burst-" + i + ".mp4", 320, 240, 24, true), "video", "video/mp4")
                    .json().path("id").asText());
        }
        worker();
        for (String id : ids) {
            JsonNode video = client.awaitFinished(id, TRANSCODE);
            assertEquals("completed", video.path("status").asText(), video.toString());
            // 2 s, then 22 s in one chunk instead of three of 10, 10 and 2: the segments are the same
            assertEquals(2, video.path("chunks").asInt(), video.toString());
            String base = ChunkCheck.base(video.path("playlistUrl").asText());
            ChunkCheck.Media done = ChunkCheck.media(client, base + "240p.m3u8");
            assertEquals(List.of(2.0, 10.0, 10.0, 2.0),
                    done.durations().stream().map(d -> Math.round(d * 10) / 10.0).toList(), done.text());
        }
    }

    @Test
    void aWholeVideoJobNeverRunsBesideAPart() throws Exception {
        AppProcess worker = worker();
        Api client = new Api(api.url());
        String chunked = client.upload(Clips.video(dir, "long.mp4", 1280, 720, 30, true), "video", "video/mp4")
                .json().path("id").asText();
        long deadline = System.nanoTime() + TRANSCODE.toNanos();
        while (Ffmpegs.sample(worker).parts() == 0) {
            assertTrue(System.nanoTime() < deadline, "no part started: " + client.video(chunked));
            Thread.sleep(30);
        }
        // under the threshold: one whole-video job, queued while the parts run
        String single = client.upload(Clips.video(dir, "single.mp4", 1280, 720, 8, true), "video", "video/mp4")
                .json().path("id").asText();
        List<Ffmpegs.Sample> samples = new ArrayList<>();
        while (!(finished(client, chunked) && finished(client, single))) {
            assertTrue(System.nanoTime() < deadline, "timed out: " + client.video(chunked) + client.video(single));
            samples.add(Ffmpegs.sample(worker));
            Thread.sleep(30);
        }
        assertEquals("completed", client.video(chunked).path("status").asText());
        assertEquals("completed", client.video(single).path("status").asText());
        assertTrue(samples.stream().anyMatch(s -> s.singlePasses() > 0), "the single pass was seen");
        assertTrue(samples.stream().anyMatch(s -> s.parts() == 2), "parts ran two at once");
        assertFalse(samples.stream().anyMatch(s -> s.singlePasses() > 0 && s.parts() > 0),
                "the single pass ran beside a part: " + samples);
    }

    @Test
    void aStoppedWorkerHandsBothRunningPartsBackUncountedAndAnotherWorkerCompletesTheVideo() throws Exception {
        // a lease longer than the rest of the work: only a hand-back lets the other worker finish in time
        Map<String, String> env = Map.of("AETHER_LEASE_MS", Long.toString(LONG_LEASE.toMillis()),
                "AETHER_STOP_GRACE_MS", "500");
        AppProcess first = worker(env);
        Api client = new Api(api.url());
        String id = client.upload(Clips.video(dir, "stopped.mp4", 1280, 720, 40, true), "video", "video/mp4")
                .json().path("id").asText();
        long deadline = System.nanoTime() + TRANSCODE.toNanos();
        // two 10 s chunks: both still encoding when the stop comes (the 2 s first chunk could finish meanwhile)
        while (Ffmpegs.sample(first).longChunks() < 2) {
            assertTrue(System.nanoTime() < deadline, "never two long chunks at once: " + client.video(id));
            Thread.sleep(30);
        }
        Instant stopped = Instant.now();
        first.terminate();
        assertTrue(first.awaitExit(Duration.ofSeconds(45)), "the worker exits after SIGTERM");
        assertEquals(List.of(), entries(first.workDir()), "the stopped worker's temp files are gone");
        try (var redis = Services.redis(DB)) {
            List<PendingMessage> pending = redis.sync().xpending("aether:queue:transcode", "workers",
                    Range.create("-", "+"), Limit.from(10));
            assertEquals(2, pending.size(), "both parts stay unacknowledged: " + pending);
            for (PendingMessage part : pending) {
                assertTrue(part.getMsSinceLastDelivery() >= LONG_LEASE.toMillis(),
                        "handed back, free to take at once: " + part);
            }
        }
        String log = Files.readString(first.log());
        assertEquals(2, log.split("goes back to the queue", -1).length - 1, "both hand-backs are logged");

        AppProcess second = worker(env);
        JsonNode video = client.awaitFinished(id, TRANSCODE);
        assertEquals("completed", video.path("status").asText(), video.toString());
        assertTrue(Duration.between(stopped, Instant.now()).compareTo(LONG_LEASE) < 0,
                "taken over at once, not when the lease ran out");
        String secondLog = Files.readString(second.log());
        assertTrue(Pattern.compile("Video " + Pattern.quote(id) + " chunk-\\d+ attempt 1 on").matcher(secondLog).find(),
                "the other worker did the parts given back: " + secondLog);
        assertFalse(Pattern.compile("Video " + Pattern.quote(id) + " \\S+ attempt [2-9] ").matcher(secondLog).find(),
                "the stopped attempts were not counted");
        assertEquals(List.of(), entries(second.workDir()), "the finished video left nothing");
        String base = ChunkCheck.base(video.path("playlistUrl").asText());
        ChunkCheck.Media done = ChunkCheck.media(client, base + "720p.m3u8");
        assertEquals(40.0, done.seconds(), 0.05, done.text());
    }

    private AppProcess worker() throws Exception {
        return worker(Map.of());
    }

    private AppProcess worker(Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(SLOTS);
        all.putAll(env);
        AppProcess worker = AppProcess.start("worker", DB, all);
        workers.add(worker);
        return worker;
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static boolean finished(Api client, String id) throws Exception {
        return Set.of("completed", "failed").contains(client.video(id).path("status").asText());
    }
}
