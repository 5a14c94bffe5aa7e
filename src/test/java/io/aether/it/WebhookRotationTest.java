package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import io.aether.events.Events;
import io.aether.jobs.JobEvent;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import io.aether.webhooks.DeliveryScript;
import io.aether.webhooks.WebhookStore;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A webhook set up before the standard scheme, moved over as the docs say: its old secret keeps the
 * Aether-Signature header, and its standard entry verifies with the library keyed with the secret's
 * text; a rotation through the API (with a short window here) signs with both secrets until the window
 * ends, then with the new one only, and the old header goes with the old secret; a revoked secret
 * stops at once.
 */
class WebhookRotationTest {
    private static final int DB = 6;
    private static final String OWNER = "owner-rotation";
    private static final long WINDOW_MS = 8000;
    /** A secret as the first scheme made them (32 bytes in unpadded base64url), left in Redis by it. */
    private static final String LEGACY = "whsec_yMnKy8zNzs_Q0dLT1NXW19jZ2tvc3d7f4OHi4-Tl5uc";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private StatefulRedisConnection<String, String> redis;
    private WebhookReceiver receiver;
    private VideoStore videos;
    private AppProcess api;
    private String key;

    @BeforeEach
    void start() throws Exception {
        redis = Services.freshRedis(DB);
        receiver = new WebhookReceiver();
        new WebhookStore(redis.sync()).set(OWNER, receiver.url());
        redis.sync().hset(WebhookStore.hookKey(OWNER), "secret", LEGACY);
        videos = new VideoStore(redis.sync(), new Events(redis.sync()), id -> "http://127.0.0.1/hls/" + id + "/master.m3u8",
                new DeliveryScript(), (event, attempts) -> { });
        api = AppProcess.start("api", DB, Map.of("AETHER_WEBHOOK_ALLOW_NETWORKS", "127.0.0.0/8",
                "AETHER_WEBHOOK_ROTATION_WINDOW_MS", Long.toString(WINDOW_MS)));
        key = Credentials.create(api.url(), OWNER);
    }

    @AfterEach
    void stop() throws Exception {
        if (api != null) {
            api.close();
        }
        receiver.close();
        redis.close();
    }

    @Test
    void anOldSecretKeepsWorkingAndARotatedOneSignsBesideTheNewOneForTheWindow() throws Exception {
        WebhookReceiver.Receipt before = event();
        assertTrue(legacyVerifies(before), "the first scheme's header, as before: " + before);
        assertEquals(before.eventId(), before.headers().get("aether-event-id"));
        assertEquals(1, entries(before));
        assertVerifies(StandardWebhooksLibrary.Check.raw(before, LEGACY));

        JsonNode rotated = rotate();
        String second = rotated.path("secret").asText();
        long until = Instant.parse(rotated.path("previousSecretExpiresAt").asText()).toEpochMilli();
        assertTrue(Math.abs(until - System.currentTimeMillis() - WINDOW_MS) < 2000, rotated.toString());
        assertEquals(rotated.path("previousSecretExpiresAt"), get().path("previousSecretExpiresAt"));
        WebhookReceiver.Receipt during = event();
        assertTrue(during.atMs() < until, "sent within the window");
        assertEquals(2, entries(during), during.toString());
        assertTrue(legacyVerifies(during), "old receivers go on working in the window");
        assertVerifies(StandardWebhooksLibrary.Check.of(during, second));
        assertVerifies(StandardWebhooksLibrary.Check.raw(during, LEGACY));

        // rotated again within the window: the secret it replaces is the one honoured now
        JsonNode again = rotate();
        String third = again.path("secret").asText();
        assertNotEquals(second, third);
        until = Instant.parse(again.path("previousSecretExpiresAt").asText()).toEpochMilli();
        WebhookReceiver.Receipt overlap = event();
        assertTrue(overlap.atMs() < until, "sent within the window");
        assertNull(overlap.legacySignature(), "the old scheme went with its secret: " + overlap);
        assertVerifies(StandardWebhooksLibrary.Check.of(overlap, third));
        assertVerifies(StandardWebhooksLibrary.Check.of(overlap, second));
        assertRefused(StandardWebhooksLibrary.Check.raw(overlap, LEGACY));

        while (System.currentTimeMillis() <= until + 100) {
            Thread.sleep(100);
        }
        assertTrue(get().path("previousSecretExpiresAt").isNull(), "the window is over");
        WebhookReceiver.Receipt after = event();
        assertEquals(1, entries(after), after.toString());
        assertNull(after.legacySignature());
        assertVerifies(StandardWebhooksLibrary.Check.of(after, third));
        assertRefused(StandardWebhooksLibrary.Check.of(after, second));

        // a leaked secret is revoked at once
        assertEquals(400, call("/api/v1/webhook/secret?revoke=maybe", "POST").statusCode());
        JsonNode revoked = send("/api/v1/webhook/secret?revoke=true", "POST");
        assertTrue(revoked.path("previousSecretExpiresAt").isNull(), revoked.toString());
        String fourth = revoked.path("secret").asText();
        WebhookReceiver.Receipt alone = event();
        assertEquals(1, entries(alone), alone.toString());
        assertVerifies(StandardWebhooksLibrary.Check.of(alone, fourth));
        assertRefused(StandardWebhooksLibrary.Check.of(alone, third));
    }

    /** A video of the owner fails; the request that reports it, answered 200. */
    private WebhookReceiver.Receipt event() throws Exception {
        String id = UUID.randomUUID().toString();
        videos.create(id, new Video.Upload(OWNER, "clip.mp4", null, 1234, null, null, false));
        assertTrue(videos.apply(id, JobEvent.START, new Video.Changes().worker("w1").startedAt(Instant.now()),
                null, 1).applied());
        assertTrue(videos.apply(id, JobEvent.FAIL, new Video.Changes().error("not a video"), "w1", 0).applied());
        return receiver.await(r -> r.event() != null && id.equals(r.event().path("data").path("id").asText())
                && r.answered() == 200, 1, 30_000).get(0);
    }

    private static boolean legacyVerifies(WebhookReceiver.Receipt r) throws Exception {
        return WebhookReceiver.verifyLegacy(r.legacySignature(), r.body(), LEGACY, Instant.now().getEpochSecond(), 300);
    }

    private static int entries(WebhookReceiver.Receipt r) {
        return r.signature().split(" ").length;
    }

    private void assertVerifies(StandardWebhooksLibrary.Check check) throws Exception {
        assertNull(StandardWebhooksLibrary.verify(List.of(check), dir).get(0), "verifies: " + check.receipt());
    }

    private void assertRefused(StandardWebhooksLibrary.Check check) throws Exception {
        String result = StandardWebhooksLibrary.verify(List.of(check), dir).get(0);
        assertNotNull(result, "refused: " + check.receipt());
        assertTrue(result.contains("No matching signature"), result);
    }

    private JsonNode rotate() throws Exception {
        return send("/api/v1/webhook/secret", "POST");
    }

    private JsonNode get() throws Exception {
        return send("/api/v1/webhook", "GET");
    }

    private JsonNode send(String path, String method) throws Exception {
        HttpResponse<String> response = call(path, method);
        assertEquals(200, response.statusCode(), response.body());
        return Json.MAPPER.readTree(response.body());
    }

    private HttpResponse<String> call(String path, String method) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(api.url() + path)).method(method,
                HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
