package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * What a deleted video may leave behind (DeleteTest): objects, Redis keys and queued jobs under its id, an ffmpeg
 * still running, a job the worker still holds, the job's temp files.
 */
final class Leftovers {
    private static final String STREAM = "aether:queue:transcode";
    private static final Map<Integer, RedisClient> CLIENTS = new ConcurrentHashMap<>();
    private static final Duration FFMPEG_ENDS = Duration.ofSeconds(10);
    private static final Duration SETTLES = Duration.ofSeconds(60);

    private Leftovers() {
    }

    /** Nothing in either bucket, no Redis key naming the id, no job in the queue. */
    static void assertNothingLeft(int db, String id) throws Exception {
        assertEquals(Set.of(), PipelineTest.objects("raw", id + "/"), "raw objects of " + id);
        assertEquals(Set.of(), PipelineTest.objects("processed", id + "/"), "processed objects of " + id);
        assertEquals(List.of(), keys(db, id), "Redis keys of " + id);
        assertEquals(List.of(), jobs(db, id), "queued jobs of " + id);
        try (StatefulRedisConnection<String, String> redis = connect(db)) {
            assertEquals(null, redis.sync().zscore("aether:videos", id), "index entry of " + id);
        }
    }

    static List<String> keys(int db, String id) {
        List<String> found = new ArrayList<>();
        try (StatefulRedisConnection<String, String> redis = connect(db)) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.sync().scan(cursor, ScanArgs.Builder.matches("*" + id + "*").limit(500));
                found.addAll(page.getKeys());
                cursor = page;
            } while (!cursor.isFinished());
        }
        return found;
    }

    static List<String> jobs(int db, String id) {
        try (StatefulRedisConnection<String, String> redis = connect(db)) {
            if (redis.sync().exists(STREAM) == 0) {
                return List.of();
            }
            return redis.sync().xrange(STREAM, Range.create("-", "+")).stream()
                    .filter(m -> id.equals(m.getBody().get("videoId"))).map(StreamMessage::getId).toList();
        }
    }

    private static StatefulRedisConnection<String, String> connect(int db) {
        return CLIENTS.computeIfAbsent(db, d -> RedisClient.create(Services.redisUrl(d))).connect();
    }

    static void awaitGone(ProcessHandle ffmpeg) throws InterruptedException {
        long deadline = System.nanoTime() + FFMPEG_ENDS.toNanos();
        while (ffmpeg.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(ffmpeg.isAlive(), "ffmpeg " + ffmpeg.pid() + " still runs " + FFMPEG_ENDS + " after the delete");
    }

    /** The worker has given up every job of the video and runs no ffmpeg any more. */
    static void awaitSkipped(AppProcess worker, String id) throws Exception {
        long deadline = System.nanoTime() + SETTLES.toNanos();
        while (System.nanoTime() < deadline) {
            boolean skipped = Files.readString(worker.log()).contains("Job for video " + id + " skipped");
            boolean idle = worker.children().stream().noneMatch(p -> p.info().command().orElse("").contains("ff"));
            if (skipped && idle) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the worker did not give up the deleted video's job:\n" + Files.readString(worker.log()));
    }

    /** Each of the video's jobs removes its own work directory as it ends, the last one soon after the first. */
    static void assertNoTempFiles(AppProcess worker) throws Exception {
        long deadline = System.nanoTime() + SETTLES.toNanos();
        List<Path> left;
        do {
            try (Stream<Path> files = Files.list(worker.workDir())) {
                left = files.toList();
            }
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertEquals(List.of(), left, "temp files of the worker");
    }
}
