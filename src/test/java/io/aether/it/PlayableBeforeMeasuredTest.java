package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.media.QualityCommand;
import io.aether.store.ChunkStore;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunked video plays once its first chunk is stored, before that chunk's measure run ends, and completes
 * only when every chunk's quality is in. The workers' quality ffmpeg is a wrapper that holds every measure run
 * (the run that reads the encode's reference frames) until the test opens its gate.
 */
class PlayableBeforeMeasuredTest {
    private static final int DB = 5;
    private static final Duration WAIT = Duration.ofMinutes(4);
    // an 8 s source is cut into a 2 s and a 6 s chunk; two slots, so both chunks and the audio run
    private static final Map<String, String> CHUNKS = Map.of("AETHER_CHUNK_THRESHOLD_S", "4",
            "AETHER_CHUNK_SEGMENTS", "1", "AETHER_PART_SLOTS", "2", "AETHER_LEASE_MS", "3000");
    private static final List<String> RUNGS = List.of("720p", "480p");
    /** Fixed text: the gate and the real ffmpeg are found beside the script, nothing is built from input. */
    private static final String WRAPPER = """
            #!/bin/sh
            # a measure run waits while the test keeps the gate shut
            here=$(dirname "$0")
            for arg in "$@"; do
              case "$arg" in
                *%s)
                  touch "$here/measuring"
                  while [ -e "$here/shut" ]; do sleep 0.1; done ;;
              esac
            done
            exec "$here/real-ffmpeg" "$@"
            """.formatted(QualityCommand.REFERENCE);

    @TempDir
    Path dir;
    private Path gate;
    private StatefulRedisConnection<String, String> redis;
    private AppProcess api;
    private final List<AppProcess> workers = new java.util.ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        gate = Files.createDirectories(dir.resolve("gate"));
        Files.createSymbolicLink(gate.resolve("real-ffmpeg"), Path.of(Services.env("AETHER_QUALITY_FFMPEG")));
        Path wrapper = gate.resolve("ffmpeg");
        Files.writeString(wrapper, WRAPPER);
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createFile(gate.resolve("shut"));
        redis = Services.freshRedis(DB);
        // every test starts with one worker: started beside the API, as a deployment starts them
        List<AppProcess> started = AppProcess.startAll(DB, List.of(Map.of(), workerEnv()), "api", "worker");
        api = started.get(0);
        workers.add(started.get(1));
    }

    @AfterEach
    void stop() throws Exception {
        Files.deleteIfExists(gate.resolve("shut"));
        for (AppProcess worker : workers) {
            worker.close();
        }
        AppProcess.closeAll(api);
        redis.close();
    }

    @Test
    void theVideoPlaysWhileItsFirstChunkIsMeasuredAndCompletesWithEveryChunksQuality() throws Exception {
        Api client = new Api(api.url());
        JsonNode accepted = client.upload(Clips.video(dir, "source.mp4", 1280, 720, 8, true), "video", "video/mp4")
                .json();
        String id = accepted.path("id").asText();
        assertPlayableWhileMeasuring(client, accepted);

        // every chunk and the audio stored, no chunk measured: the video does not complete
        ChunkStore chunks = new ChunkStore(redis.sync());
        await(() -> chunks.state(id).map(s -> s.done().size() == 2 && s.audioDone()).orElse(false),
                "both chunks and the audio stored");
        Thread.sleep(2_000);
        JsonNode waiting = client.video(id);
        assertEquals("active", waiting.path("status").asText(), "completed with no chunk measured: " + waiting);
        assertTrue(chunks.state(id).orElseThrow().done().values().stream().noneMatch(ChunkStore.Done::measured));

        Files.delete(gate.resolve("shut"));
        JsonNode video = client.awaitFinished(id, WAIT);
        assertEquals("completed", video.path("status").asText(), video.toString());
        assertMeasured(video);
    }

    @Test
    void aWorkerKilledBetweenPublishingAndMeasuringLeavesTheChunkToBeEncodedAndMeasuredAgain() throws Exception {
        AppProcess first = workers.get(0);
        Api client = new Api(api.url());
        JsonNode accepted = uploadFixed(client);
        String id = accepted.path("id").asText();
        assertPlayableWhileMeasuring(client, accepted);
        first.kill();

        ChunkStore chunks = new ChunkStore(redis.sync());
        ChunkStore.Done stored = chunks.state(id).orElseThrow().done().get(0);
        assertNull(stored.quality(), "the first chunk is stored, unmeasured: " + stored);
        assertFalse(chunks.chunkDone(id, 0), "a chunk without its quality is not done");

        Files.delete(gate.resolve("shut"));
        AppProcess second = worker();
        JsonNode video = client.awaitFinished(id, WAIT);
        assertEquals("completed", video.path("status").asText(), video.toString());
        assertEquals("fixed", video.path("ladder").asText(), video.toString());
        assertEquals(1, video.path("attempts").asInt(), "completed once: " + video);
        String log = Files.readString(second.log());
        assertTrue(Pattern.compile("Video " + Pattern.quote(id) + " chunk-0 attempt 2 ").matcher(log).find(),
                "the second worker took the first chunk over");
        assertTrue(log.contains("Video " + id + " chunk 0 measured by"), "and measured it: " + log);
        assertMeasured(video);
    }

    @Test
    void aVideoDeletedWhileItsChunkIsMeasuredEndsTheJobAndLeavesNothing() throws Exception {
        AppProcess worker = workers.get(0);
        Api client = new Api(api.url());
        JsonNode accepted = uploadFixed(client);
        String id = accepted.path("id").asText();
        assertPlayableWhileMeasuring(client, accepted);
        assertEquals(204, client.delete("/api/v1/videos/" + id).status());

        // the delete watch ends the held measure run: the job is skipped, its quality not recorded
        await(() -> log(worker).contains("Job for video " + id + " skipped"), "skipped");
        await(() -> worker.children().isEmpty(), "idle");
        assertFalse(log(worker).contains("Video " + id + " chunk 0 measured"), log(worker));
        assertEquals(0, redis.sync().exists(ChunkStore.key(id)), "no chunk state brought back");
        assertEquals(java.util.Set.of(), PipelineTest.objects("processed", id + "/"), "nothing left stored");
    }

    private static String log(AppProcess app) {
        try {
            return Files.readString(app.log());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The record says playable and the master and first segments are stored while a measure run is held. */
    private void assertPlayableWhileMeasuring(Api client, JsonNode accepted) throws Exception {
        String id = accepted.path("id").asText();
        await(() -> video(client, id).path("playable").asBoolean(), "playable");
        // the first chunk's measure run starts right after its stitch; none can end while the gate is shut
        await(() -> Files.exists(gate.resolve("measuring")), "measuring");
        assertTrue(Files.exists(gate.resolve("shut")));
        JsonNode video = client.video(id);
        assertEquals("active", video.path("status").asText(), video.toString());
        assertTrue(video.path("progress").asInt() > 0, video.toString());
        String base = ChunkCheck.base(accepted.path("playlistUrl").asText());
        String master = ChunkCheck.text(client, base + "master.m3u8");
        for (String rung : RUNGS) {
            assertTrue(master.contains(rung + ".m3u8"), master);
            ChunkCheck.Media media = ChunkCheck.media(client, base + rung + ".m3u8");
            assertEquals(200, client.raw(base + media.segments().get(0)).statusCode(), rung);
        }
    }

    /** Every rung's quality pooled from both chunks: the 2 s first chunk's samples are among its frames. */
    private static void assertMeasured(JsonNode video) {
        for (JsonNode rung : video.path("renditions")) {
            JsonNode q = rung.path("quality");
            assertTrue(q.path("vmaf").path("mean").asDouble() > 40, rung.toString());
            long every = q.path("sampleEvery").asLong();
            assertEquals(new io.aether.media.SampledFrames((int) every, 0, 240).scored() - 1,
                    q.path("frames").asLong(), 2, rung.toString());
        }
    }

    private AppProcess worker() throws Exception {
        AppProcess worker = AppProcess.start("worker", DB, workerEnv());
        workers.add(worker);
        return worker;
    }

    private Map<String, String> workerEnv() {
        Map<String, String> env = new HashMap<>(AppProcess.asDeployed(CHUNKS));
        env.put("AETHER_QUALITY_FFMPEG", gate.resolve("ffmpeg").toString());
        return env;
    }

    private static JsonNode video(Api client, String id) {
        try {
            return client.video(id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "never " + what);
            Thread.sleep(100);
        }
    }

    /** An 8 s clip on the fixed ladder, asked for by the upload: chunked, measured, no trials. */
    private JsonNode uploadFixed(Api client) throws Exception {
        return client.upload(Clips.video(dir, "source.mp4", 1280, 720, 8, true), "video", "video/mp4", "",
                Map.of("ladder", "fixed")).json();
    }
}
