package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.events.Events;
import io.aether.jobs.JobEvent;
import io.aether.jobs.JobState;
import io.aether.media.ChunkPlan;
import io.aether.store.ChunkStore;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import io.aether.webhooks.DeliveryScript;
import io.aether.tus.TusClient;
import io.aether.webhooks.WebhookStore;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State that grows with the number of videos, uploads, deliveries or sockets has an end
 * (docs/redis.md): after a realistic mix has finished, what stays in Redis for good is the product's
 * data alone (each video's record and index entries, keys, the webhook, the secret, the queue), and
 * every other key is on its way out with a TTL.
 */
class RedisKeysTest {
    /** Shared with WorkerRecoveryTest: every database is taken, and test classes run one at a time. */
    private static final int DB = 3;
    private static final Duration FINISH = Duration.ofMinutes(2);
    /** Keys that stay until their video, key or webhook is deleted; each is named in docs/redis.md. */
    private static final Set<String> FIXED = Set.of("aether:videos", "aether:videos:owner:" + Credentials.OWNER,
            "aether:jobs:by-state", "aether:apikeys", "aether:access:ticket-secret",
            WebhookStore.hookKey(Credentials.OWNER), "aether:queue:transcode");

    @TempDir
    Path dir;

    @Test
    void afterARunOnlyTheVideosAndTheirIndexesStayAndEverythingElseEnds() throws Exception {
        try (StatefulRedisConnection<String, String> connection = Services.freshRedis(DB);
             WebhookReceiver receiver = new WebhookReceiver();
             AppProcess app = AppProcess.start("all", DB, Map.of("AETHER_CHUNK_THRESHOLD_S", "5",
                     "AETHER_CHUNK_SEGMENTS", "1", "AETHER_WEBHOOK_ALLOW_NETWORKS", "127.0.0.0/8"))) {
            RedisCommands<String, String> redis = connection.sync();
            new WebhookStore(redis).set(Credentials.OWNER, receiver.url());
            Api api = new Api(app.url());

            String single = upload(api, Clips.video(dir, "single.mp4", 320, 240, 2, true));
            String chunked = upload(api, Clips.video(dir, "chunked.mp4", 320, 240, 12, true));
            Path junkFile = Files.writeString(dir.resolve("junk.mp4"), "this is not a video at all");
            String junk = upload(api, junkFile);
            TusClient tus = new TusClient(app.url());
            byte[] data = Files.readAllBytes(Clips.video(dir, "tus.mp4", 320, 240, 2, false));
            String tusUrl = tus.create(data.length, "filename " + Base64.getEncoder()
                    .encodeToString("tus.mp4".getBytes(StandardCharsets.UTF_8)));
            tus.upload(tusUrl, data, data.length);
            String viaTus = tusUrl.substring(tusUrl.lastIndexOf('/') + 1);
            try (LiveClient live = LiveClient.watch(app.url(), single)) {
                assertEquals("snapshot", live.next(Duration.ofSeconds(20)).path("type").asText());
            }

            Map<String, String> expected = Map.of(single, "completed", chunked, "completed", junk, "failed",
                    viaTus, "completed");
            for (Map.Entry<String, String> video : expected.entrySet()) {
                JsonNode finished = api.awaitFinished(video.getKey(), FINISH);
                assertEquals(video.getValue(), finished.path("status").asText(), finished.toString());
            }
            assertTrue(api.video(chunked).path("chunks").asInt() >= 2, "the long one was cut: " + api.video(chunked));
            // ready and completed for each completed video, failed for the junk: all made, none waiting
            receiver.await(r -> r.event() != null, 7, 30_000);
            await(() -> redis.exists(WebhookStore.DUE) == 0 && redis.exists("aether:tus:finishing") == 0,
                    "deliveries and the tus hand-off are done");

            Map<String, Long> ttls = ttls(redis);
            List<String> forever = new ArrayList<>();
            ttls.forEach((key, ttl) -> {
                if (ttl < 0 && !FIXED.contains(key) && !key.startsWith("aether:apikey:")
                        && !expected.keySet().stream().anyMatch(id -> key.equals("aether:video:" + id))) {
                    forever.add(key);
                }
            });
            assertEquals(List.of(), forever, "keys without an end, of " + ttls);
            for (String id : expected.keySet()) {
                assertEquals(-1L, ttls.get("aether:video:" + id), "the record stays until the video is deleted");
                assertTrue(redis.zscore("aether:videos", id) != null, "and its index entry");
            }
            assertEquals(List.of(), matching(ttls, k -> k.startsWith("aether:chunks:")), "chunk state ends with the video");
            assertEquals(0L, redis.xlen("aether:queue:transcode"), "every job was acknowledged and deleted");
            assertTrue(ttls.get("aether:tus:" + viaTus) > 0, "the finished upload's record answers a while, then goes");
            assertTrue(matching(ttls, k -> k.startsWith("aether:webhook:delivery:")).size() >= 7, ttls.toString());
            assertTrue(matching(ttls, k -> k.startsWith("aether:ticket:used:")).size() == 1, "the socket's ticket");
        }
    }

    /** A part that fails for good fails its video; a part still running then cannot bring the state back. */
    @Test
    void chunkStateEndsInTheStepThatFailsTheVideoAndStaysGone() {
        try (StatefulRedisConnection<String, String> connection = Services.freshRedis(DB)) {
            RedisCommands<String, String> redis = connection.sync();
            VideoStore videos = new VideoStore(redis, new Events(redis), id -> "http://127.0.0.1/hls/" + id,
                    new DeliveryScript(), (event, attempts) -> { });
            ChunkStore chunks = new ChunkStore(redis);
            String id = UUID.randomUUID().toString();
            videos.create(id, new Video.Upload(Credentials.OWNER, "clip.mp4", null, 0, null, null, false));
            assertTrue(videos.apply(id, JobEvent.START, new Video.Changes().worker("w1"), null, 1).applied());
            ChunkPlan cut = ChunkPlan.plan(30, 30, 10, 1, 5);
            chunks.savePlan(id, new ChunkStore.Plan(cut, List.of(), true, "und", null));
            assertEquals(1, chunks.attempt(id, "chunk-1"));
            chunks.saveChunk(id, 0, new ChunkStore.Done("w1", Map.of(), Map.of(), Map.of()));
            assertEquals(1L, redis.exists(ChunkStore.key(id)));

            assertTrue(videos.apply(id, JobEvent.FAIL, new Video.Changes().error("chunk-1: gave up"), null, 0).applied());
            assertEquals(0L, redis.exists(ChunkStore.key(id)), "gone with the state change that failed the video");
            chunks.saveAudio(id, List.of(), true);
            chunks.saveChunk(id, 2, new ChunkStore.Done("w2", Map.of(), Map.of(), Map.of()));
            assertEquals(-1, chunks.attempt(id, "chunk-2"), "no new attempt of a finished video");
            chunks.published(id, 3, true);
            assertEquals(0L, redis.exists(ChunkStore.key(id)), "late writes of running parts do not bring it back");
            assertEquals(JobState.FAILED, videos.find(id).orElseThrow().status());
        }
    }

    private static String upload(Api api, Path file) throws Exception {
        Api.Reply reply = api.upload(file, "video", "video/mp4");
        assertEquals(202, reply.status(), reply.text());
        return reply.json().path("id").asText();
    }

    /** Every key with its TTL in seconds (-1: none). */
    private static Map<String, Long> ttls(RedisCommands<String, String> redis) {
        Map<String, Long> ttls = new TreeMap<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.limit(500));
            page.getKeys().forEach(key -> ttls.put(key, redis.ttl(key)));
            cursor = page;
        } while (!cursor.isFinished());
        ttls.values().removeIf(ttl -> ttl == -2); // gone between the scan and the look
        return ttls;
    }

    private static List<String> matching(Map<String, Long> ttls, Predicate<String> name) {
        return ttls.keySet().stream().filter(name).toList();
    }

    private static void await(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(100);
        }
    }
}
