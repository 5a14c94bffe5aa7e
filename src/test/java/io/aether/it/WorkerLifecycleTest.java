package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a worker runs ffmpeg and how it ends: SIGTERM on a deploy, SIGKILL on a crash. The clips are
 * 720p: a two-rung ladder runs long enough to act on mid-encode at a third of the 1080p ladder's cost.
 */
class WorkerLifecycleTest {
    private static final int DB = 12;
    private static final Duration TRANSCODE = Duration.ofMinutes(4);
    private static final long LONG_LEASE_MS = 60_000;
    // these follow one whole-video job, so the single pass (120 s and less); parts: ChunkedTranscodeTest, PartSlotsTest
    private static final Map<String, String> WORKER_ENV = Map.of("AETHER_CHUNK_THRESHOLD_S", "0");

    @TempDir
    Path dir;

    // one API for the class: each test has its own video and its own workers
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
    void ffmpegGetsNothingOnStdinAndEncodesTheWholeSource() throws Exception {
        AppProcess worker = worker(Map.of());
        Api client = new Api(api.url());
        // ffmpeg reads stdin as keystrokes: a 'q' anywhere it could read would end the encode early
        Path clip = Clips.video(dir, "aquarium.mp4", 1280, 720, 30, true, List.of(
                "-metadata", "title=Aquarium", "-metadata:s:v:0", "title=quiet q", "-metadata", "comment=q\nq\nh"));
        String id = client.upload(clip, "video", "video/mp4").json().path("id").asText();
        awaitTranscoding(client, id);
        // camel-cli-connector, on unless told otherwise, rebuilt its status file from every developer
        // console each second: a third of a core taken from ffmpeg
        Path cliStatus = Path.of(System.getProperty("user.home"), ".camel", worker.pid() + "-status.json");
        assertFalse(Files.exists(cliStatus), "the CLI connector runs without AETHER_CAMEL_CLI: " + cliStatus);
        ProcessHandle ffmpeg = ffmpeg(worker);
        Path proc = Path.of("/proc", Long.toString(ffmpeg.pid()));
        assertEquals("/dev/null", Files.readSymbolicLink(proc.resolve("fd").resolve("0")).toString(), "stdin");
        long writesBefore = writeCalls(proc);
        Thread.sleep(2000);
        if (ffmpeg.isAlive()) {
            // stderr floods with packet dumps once an 'h' reaches ffmpeg: tens of thousands of writes a second
            long perSecond = (writeCalls(proc) - writesBefore) / 2;
            assertTrue(perSecond < 3000, "ffmpeg made " + perSecond + " write calls a second");
        }

        JsonNode video = client.awaitFinished(id, TRANSCODE);
        assertEquals("completed", video.path("status").asText(), video.toString());
        for (HlsCheck.Variant variant : HlsCheck.check(client, video.path("playlistUrl").asText(), true, dir)) {
            double seconds = variant.durations().stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(30.0, seconds, 0.5, variant.playlist() + " covers the whole source");
        }
    }

    @Test
    void aStoppedWorkerHandsItsJobBackUncountedAndAnotherWorkerCompletesIt() throws Exception {
        // both idle before the upload, so the encode need not outlast a JVM start; whichever takes the job is stopped
        Map<String, String> env = new HashMap<>(WORKER_ENV);
        env.putAll(Map.of("AETHER_LEASE_MS", Long.toString(LONG_LEASE_MS), "AETHER_STOP_GRACE_MS", "500"));
        List<AppProcess> both = AppProcess.startAll(DB, env, "worker", "worker");
        workers.addAll(both);
        AppProcess one = both.get(0);
        AppProcess other = both.get(1);
        Api client = new Api(api.url());
        String id = upload(client);
        awaitTranscoding(client, id);
        boolean oneHasIt = client.video(id).path("worker").asText().startsWith(one.workerPrefix());
        AppProcess first = oneHasIt ? one : other;
        AppProcess second = oneHasIt ? other : one;
        ProcessHandle ffmpeg = ffmpeg(first);

        try (LiveClient live = LiveClient.watch(api.url(), id)) {
            assertEquals("snapshot", live.next(Duration.ofSeconds(10)).path("type").asText());
            Instant stopped = Instant.now();
            first.terminate();
            assertTrue(first.awaitExit(Duration.ofSeconds(45)), "the worker exits after SIGTERM");
            awaitGone(ffmpeg);
            assertEquals(List.of(), entries(first.workDir()), "the stopped worker's temp files are gone");
            handedBackAndTakenOver(client, id, stopped, first, second);
            // a watcher sees the hand-back, the new attempt and that attempt's progress, not silence
            List<JsonNode> heard = live.untilClosed(TRANSCODE);
            List<String> states = heard.stream().filter(m -> m.path("type").asText().equals("state"))
                    .map(m -> m.path("status").asText()).toList();
            assertEquals(List.of("waiting", "active", "completed"), states, heard.toString());
            int takenAt = indexOf(heard, "active");
            assertTrue(heard.subList(takenAt, heard.size()).stream()
                    .anyMatch(m -> m.path("type").asText().equals("progress") && m.path("percent").asInt() < 100),
                    "the new attempt's progress is heard: " + heard);
        }
    }

    private static int indexOf(List<JsonNode> messages, String status) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).path("type").asText().equals("state") && messages.get(i).path("status").asText().equals(status)) {
                return i;
            }
        }
        throw new AssertionError("no " + status + " state in " + messages);
    }

    private static void handedBackAndTakenOver(Api client, String id, Instant stopped, AppProcess first,
                                               AppProcess second) throws Exception {
        JsonNode video = client.awaitFinished(id, TRANSCODE);
        assertEquals("completed", video.path("status").asText(), video.toString());
        assertEquals(1, video.path("attempts").asInt(), "the interrupted attempt is not counted: " + video);
        assertTrue(video.path("worker").asText().startsWith(second.workerPrefix()), video.toString());
        Duration takenOver = Duration.between(stopped, Instant.parse(video.path("startedAt").asText()));
        assertTrue(takenOver.toMillis() < LONG_LEASE_MS,
                "handed back, not left to expire with the lease: taken over after " + takenOver);
        assertTrue(Files.readString(first.log()).contains("goes back to the queue"), "the stop is logged");
    }

    @Test
    void aKilledWorkerTakesItsFfmpegAlongAndItsFilesGoWhenAWorkerStarts() throws Exception {
        AppProcess first = worker(Map.of("AETHER_LEASE_MS", "2000"));
        Api client = new Api(api.url());
        String id = upload(client);
        awaitTranscoding(client, id);
        ProcessHandle ffmpeg = ffmpeg(first);
        List<Path> left = entries(first.workDir());
        assertEquals(1, left.size(), "one job directory");

        first.killJvmOnly();
        // well inside what is left of the encode, so ffmpeg cannot pass by ending on its own
        awaitGone(ffmpeg, Duration.ofSeconds(2));
        assertTrue(Files.exists(left.get(0)), "nobody has cleaned up yet");

        AppProcess second = worker(Map.of("AETHER_LEASE_MS", "2000",
                "AETHER_WORK_DIR", first.workDir().toString()));
        assertFalse(Files.exists(left.get(0)), "the starting worker removed what the killed one left");
        JsonNode video = client.awaitFinished(id, TRANSCODE);
        assertEquals("completed", video.path("status").asText(), video.toString());
        assertTrue(video.path("worker").asText().startsWith(second.workerPrefix()), video.toString());
        assertEquals(List.of(), entries(first.workDir()), "the finished job left nothing");
    }

    private AppProcess worker(Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(WORKER_ENV);
        all.putAll(env);
        AppProcess worker = AppProcess.start("worker", DB, all);
        workers.add(worker);
        return worker;
    }

    private String upload(Api client) throws Exception {
        return client.upload(Clips.video(dir, "long.mp4", 1280, 720, 30, true), "video", "video/mp4")
                .json().path("id").asText();
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

    private static ProcessHandle ffmpeg(AppProcess worker) {
        List<ProcessHandle> found = Ffmpegs.running(worker);
        assertEquals(1, found.size(), "one ffmpeg runs");
        return found.get(0);
    }

    private static void awaitGone(ProcessHandle ffmpeg) throws InterruptedException {
        awaitGone(ffmpeg, Duration.ofSeconds(10));
    }

    private static void awaitGone(ProcessHandle ffmpeg, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (ffmpeg.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(ffmpeg.isAlive(), "ffmpeg " + ffmpeg.pid() + " outlived its worker");
    }

    private static long writeCalls(Path proc) throws Exception {
        return Files.readAllLines(proc.resolve("io")).stream().filter(l -> l.startsWith("syscw:"))
                .mapToLong(l -> Long.parseLong(l.substring(6).trim())).findFirst().orElseThrow();
    }

    private static List<Path> entries(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
