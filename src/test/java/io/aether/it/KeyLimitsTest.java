package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.tus.TusClient;
import io.lettuce.core.Range;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-key upload limits across two replicas on one Redis: one upload body at a time and 8 MB an
 * hour per key here. Beyond them 429 with Retry-After and a JSON reason; a client that drops its
 * connection mid-upload gives its slot back.
 */
class KeyLimitsTest {
    private static final int DB = 0;
    private static final long HOURLY = 8_000_000;
    private static AppProcess a;
    private static AppProcess b;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Services.freshRedis(DB).close();
        Map<String, String> env = Map.of("AETHER_LIMIT_CONCURRENT_UPLOADS", "1",
                "AETHER_LIMIT_UPLOAD_BYTES_PER_HOUR", Long.toString(HOURLY));
        List<AppProcess> started = AppProcess.startAll(DB, env, "api", "api");
        a = started.get(0);
        b = started.get(1);
    }

    @AfterAll
    static void stop() throws Exception {
        AppProcess.closeAll(a, b);
    }

    @Test
    void aKeyUploadsOneBodyAtATimeAndADroppedClientFreesItsSlot() throws Exception {
        JsonNode created = Credentials.admin(a.url(), "POST", "/api/v1/keys", "{\"owner\":\"erin\"}");
        String key = created.path("key").asText();
        String slots = "aether:limits:" + created.path("id").asText() + ":uploads";
        Path small = bytes("small.bin", 100_000);
        TusClient tus = new TusClient(a.url(), key);
        String upload = tus.create(1_000_000, null);
        try (Socket holding = TusClient.openPatchWith(upload, 0, 1_000_000, new byte[10_000], key);
                var redis = Services.redis(DB)) {
            awaitSlots(redis, slots, 1);
            Api.Reply refused = new Api(b.url(), key).upload(small, "video", "video/mp4");
            assertEquals(429, refused.status(), "a second body at once, on the other replica: " + refused.text());
            assertTrue(refused.text().contains("\"status\":429") && refused.text().contains("at once"), refused.text());
            assertEquals("1", refused.retryAfter());
            TusClient.Reply patch = new TusClient(b.url(), key).send("PATCH", b.url() + path(tus.create(10, null)),
                    Map.of("Tus-Resumable", "1.0.0", "Upload-Offset", "0",
                            "Content-Type", TusClient.OCTETS), new byte[10]);
            assertEquals(429, patch.status(), "tus too: " + patch);
            assertEquals("1", patch.header("Retry-After"));

            String otherKey = Credentials.create(a.url(), "erin");
            assertEquals(202, new Api(b.url(), otherKey).upload(small, "video", "video/mp4").status(),
                    "the limit is per key");
            holding.close();
            awaitSlots(redis, slots, 0);
        }
        assertEquals(202, new Api(b.url(), key).upload(small, "video", "video/mp4").status(),
                "the dropped upload's slot came back");
    }

    @Test
    void aKeySendsItsHourlyBytesAndNoMore() throws Exception {
        String key = Credentials.create(a.url(), "frank");
        Api api = new Api(a.url(), key);
        assertEquals(202, api.upload(bytes("five.bin", 5_000_000), "video", "video/mp4").status());
        Api.Reply over = new Api(b.url(), key).upload(bytes("four.bin", 4_000_000), "video", "video/mp4");
        assertEquals(429, over.status(), over.text());
        assertTrue(over.text().contains("this hour"), over.text());
        long wait = Long.parseLong(over.retryAfter());
        assertTrue(wait >= 1 && wait <= 3600, "until the next hour: " + wait);
        Api.Reply tooBig = api.upload(bytes("nine.bin", 9_000_000), "video", "video/mp4");
        assertEquals(413, tooBig.status(), "never fits an hour: " + tooBig.text());
        // what is left of the hour still goes
        assertEquals(202, api.upload(bytes("two.bin", 2_000_000), "video", "video/mp4").status());
        assertEquals(2, api.get("/api/v1/videos").json().path("total").asInt(), "nothing refused was recorded");
    }

    private static void awaitSlots(io.lettuce.core.api.StatefulRedisConnection<String, String> redis, String slots,
            long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long now = redis.sync().zcount(slots, Range.unbounded());
        while (now != count && System.nanoTime() < deadline) {
            Thread.sleep(100);
            now = redis.sync().zcount(slots, Range.unbounded());
        }
        assertEquals(count, now, "upload slots held in Redis");
    }

    private static Path bytes(String name, int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return Files.write(dir.resolve(name), data);
    }

    private static String path(String url) {
        return java.net.URI.create(url).getPath();
    }
}
