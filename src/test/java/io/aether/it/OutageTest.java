package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import io.minio.PutObjectArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With Redis or MinIO stopped or frozen (SIGSTOP: connections open, nothing answers), a replica
 * reports DOWN within 2 s and reads answer 503 with Retry-After instead of hanging; once the
 * service is back, the same replica serves again. Redis and MinIO here are the test's own.
 */
class OutageTest {
    private static final int DB = 13;
    private static final Duration HEALTH_BOUND = Duration.ofSeconds(2);
    // the issue: an outage is told within 2–3 s; a little over 3 s leaves room for a busy machine
    private static final Duration READ_BOUND = Duration.ofMillis(3500);
    private static final Duration RECOVERY = Duration.ofSeconds(30);
    private static final String VIDEO = UUID.randomUUID().toString();

    private static OwnService redis;
    private static OwnService minio;
    private static AppProcess api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        redis = OwnService.redis();
        minio = OwnService.minio();
        byte[] playlist = "#EXTM3U\n".getBytes(StandardCharsets.US_ASCII);
        minio.client().putObject(PutObjectArgs.builder().bucket("processed").object(VIDEO + "/master.m3u8")
                .stream(new ByteArrayInputStream(playlist), playlist.length, -1).build());
        api = AppProcess.start("api", DB, env(Map.of()));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {api, minio, redis}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void aFrozenRedisIsReportedAndRefusedNotWaitedFor() throws Exception {
        redis.pause();
        try {
            assertDown();
            assertUnavailable("/api/v1/videos");
            assertUnavailable("/api/v1/videos/" + VIDEO);
        } finally {
            redis.resume();
        }
        assertRecovered("/api/v1/videos");
    }

    @Test
    void aStoppedRedisIsReportedAndRefusedNotWaitedFor() throws Exception {
        redis.stop();
        try {
            assertDown();
            assertUnavailable("/api/v1/videos/" + VIDEO);
        } finally {
            redis.start();
            reseedKey();
        }
        assertRecovered("/api/v1/videos");
    }

    /** This Redis keeps nothing across a restart (no persistence), the tests' key included: make a new one. */
    private static void reseedKey() {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.url() + "/" + DB);
        try (var connection = client.connect()) {
            Credentials.seed(connection, api.url());
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aFrozenMinioIsReportedAndRefusedNotWaitedFor() throws Exception {
        // a signed URL: played without asking Redis, so only MinIO stands between it and its answer
        String token = new io.aether.api.PlaybackToken(Services.PLAYBACK_SECRET.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)).sign(VIDEO, System.currentTimeMillis() / 1000 + 3600);
        String playlist = "/hls/" + token + "/" + VIDEO + "/master.m3u8";
        assertEquals(200, get(playlist, READ_BOUND).statusCode());
        minio.pause();
        try {
            assertDown();
            assertUnavailable(playlist);
        } finally {
            minio.resume();
        }
        assertRecovered(playlist);
    }

    /** A worker's wait for a job (XREADGROUP BLOCK 1000) is no command timeout, however short those are. */
    @Test
    void theJobQueueWaitsForJobsLongerThanACommandMayTake() throws Exception {
        try (AppProcess worker = AppProcess.start("worker", DB, env(Map.of("AETHER_REDIS_TIMEOUT_MS", "300")))) {
            Thread.sleep(3000);
            String log = Files.readString(worker.log());
            assertFalse(log.contains("poll failed"), log);
        }
    }

    private static Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(minio.minioEnv());
        env.put("AETHER_REDIS_URL", redis.url() + "/" + DB);
        env.putAll(extra);
        return env;
    }

    private void assertDown() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> health = get("/observe/health", HEALTH_BOUND);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(503, health.statusCode(), health.body());
        assertTrue(took.compareTo(HEALTH_BOUND) < 0, "health answered after " + took);
        assertTrue(health.body().contains("DOWN"), health.body());
    }

    private void assertUnavailable(String path) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> reply = get(path, READ_BOUND);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(503, reply.statusCode(), path + ": " + reply.body());
        assertTrue(took.compareTo(READ_BOUND) < 0, path + " answered after " + took);
        assertTrue(reply.headers().firstValue("Retry-After").isPresent(), path + ": no Retry-After");
        JsonNode json = Json.MAPPER.readTree(reply.body());
        assertEquals(503, json.path("status").asInt(), reply.body());
        assertFalse(json.path("error").asText().isBlank(), reply.body());
    }

    private void assertRecovered(String path) throws Exception {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        int health = 0;
        int read = 0;
        while (System.nanoTime() < deadline) {
            health = status("/observe/health");
            read = status(path);
            if (health == 200 && read == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not recovered in " + RECOVERY + ": health " + health + ", " + path + " " + read);
    }

    private int status(String path) {
        try {
            return get(path, READ_BOUND).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** The request gives up (HttpTimeoutException) at the bound: the replica hung. */
    private HttpResponse<String> get(String path, Duration bound) throws Exception {
        String base = path.startsWith("/observe") ? api.managementUrl() : api.url();
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", Credentials.bearer(api.url())).timeout(bound).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
