package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook API end to end: an owner sets a URL (private addresses refused), uploads, and the
 * receiver on loopback gets video.ready and video.completed from the worker's state changes, signed
 * with the secret shown once (Standard Webhooks, checked with its library); failing deliveries show in
 * the API; the secret rotates, the old one signing beside the new one; the webhook goes.
 */
class WebhookApiTest {
    private static final int DB = 8;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private StatefulRedisConnection<String, String> redis;
    private WebhookReceiver receiver;
    private AppProcess app;

    @BeforeEach
    void start() throws Exception {
        redis = Services.freshRedis(DB);
        receiver = new WebhookReceiver();
        app = AppProcess.start("all", DB, Map.of("AETHER_WEBHOOK_ALLOW_NETWORKS", "127.0.0.0/8",
                "AETHER_WEBHOOK_RETRY_DELAY_MS", "500", "AETHER_WEBHOOK_TIMEOUT_MS", "2000"));
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        receiver.close();
        redis.close();
    }

    private record Reply(int status, JsonNode json) {
    }

    private Reply call(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.url() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        ContractCheck.check(method, response.uri(), response.statusCode(), response.headers().map(), response.body());
        boolean json = Api.isJson(response.headers());
        return new Reply(response.statusCode(), json ? Json.MAPPER.readTree(response.body()) : null);
    }

    private Reply put(String key, String url) throws Exception {
        return call("PUT", "/api/v1/webhook", key, Json.write(Map.of("url", url)));
    }

    private static boolean ofType(WebhookReceiver.Receipt r, String type, String videoId) {
        return r.event() != null && type.equals(r.event().path("type").asText())
                && videoId.equals(r.event().path("data").path("id").asText());
    }

    @Test
    void anOwnersWebhookIsCheckedSignedListedRotatedAndRemoved() throws Exception {
        String key = Credentials.key(app.url());
        String otherKey = Credentials.create(app.url(), "someone-else");

        for (String url : List.of("http://10.0.0.1/hook", "http://169.254.169.254/latest/meta-data/", "http://[::1]:9/",
                "http://[::ffff:192.168.1.1]/", "http://0.0.0.0:80/", "ftp://127.0.0.1/", "http://user:pw@127.0.0.1/",
                "not a url")) {
            Reply refused = put(key, url);
            assertEquals(400, refused.status(), url);
            assertEquals(400, refused.json().path("status").asInt(), url);
            assertFalse(refused.json().path("error").asText().isEmpty(), url);
        }
        assertEquals(400, call("PUT", "/api/v1/webhook", key, "{\"url\": 5}").status());
        assertEquals(400, call("PUT", "/api/v1/webhook", key, "{nope").status());
        assertEquals(413, call("PUT", "/api/v1/webhook", key, "{\"url\": \"" + "a".repeat(10_000) + "\"}").status());
        assertEquals(404, call("GET", "/api/v1/webhook", key, null).status());
        assertEquals(401, call("GET", "/api/v1/webhook", null, null).status());
        assertEquals(401, put(null, receiver.url()).status());

        Reply created = put(key, receiver.url());
        assertEquals(201, created.status());
        String secret = created.json().path("secret").asText();
        assertTrue(secret.startsWith("whsec_"), created.toString());
        Reply changed = put(key, receiver.url() + "&again=1");
        assertEquals(200, changed.status());
        assertTrue(changed.json().path("secret").isMissingNode(), "the secret is shown once");
        Reply shown = call("GET", "/api/v1/webhook", key, null);
        assertEquals(receiver.url() + "&again=1", shown.json().path("url").asText());
        assertTrue(shown.json().path("secret").isMissingNode());
        assertEquals(404, call("GET", "/api/v1/webhook", otherKey, null).status(), "another owner has none");

        // a short clip: one pass, ready when it completes
        Api api = new Api(app.url(), key);
        String id = api.upload(Clips.video(dir, "clip.mp4", 320, 240, 2, true), "video", "video/mp4").json()
                .path("id").asText();
        WebhookReceiver.Receipt ready = receiver.await(r -> ofType(r, "video.ready", id), 1, 180_000).get(0);
        WebhookReceiver.Receipt completed = receiver.await(r -> ofType(r, "video.completed", id), 1, 60_000).get(0);
        long now = Instant.now().getEpochSecond();
        for (String result : StandardWebhooksLibrary.verify(List.of(StandardWebhooksLibrary.Check.of(ready, secret),
                StandardWebhooksLibrary.Check.of(completed, secret)), dir)) {
            assertEquals(null, result, "the Standard Webhooks library verifies each");
        }
        for (WebhookReceiver.Receipt r : List.of(ready, completed)) {
            assertTrue(WebhookReceiver.verify(r, secret, now, 300), r.toString());
            assertEquals("completed", r.event().path("data").path("status").asText());
            assertEquals(api.video(id).path("playlistUrl").asText(), r.event().path("data").path("playlistUrl").asText());
            assertEquals(200, r.answered());
        }
        JsonNode delivered = awaitDeliveries(key, id, items -> items.size() == 2
                && items.stream().allMatch(d -> d.path("status").asText().equals("delivered")));
        for (JsonNode d : delivered) {
            assertEquals(1, d.path("attempts").asInt(), d.toString());
            assertEquals(200, d.path("lastStatus").asInt());
            assertTrue(d.path("nextAttemptAt").isNull());
        }
        assertEquals(0, call("GET", "/api/v1/webhook/deliveries", otherKey, null).json().path("items").size(),
                "another owner sees none");

        // deleting the video takes its deliveries along: no copy of its record stays in Redis
        assertEquals(204, call("DELETE", "/api/v1/videos/" + id, key, null).status());
        assertEquals(0, call("GET", "/api/v1/webhook/deliveries?videoId=" + id, key, null).json().path("items").size());
        for (String name : redis.sync().keys("aether:webhook:*")) {
            String type = redis.sync().type(name);
            String content = type.equals("hash") ? redis.sync().hgetall(name).toString()
                    : type.equals("zset") ? redis.sync().zrange(name, 0, -1).toString()
                    : type.equals("set") ? redis.sync().smembers(name).toString() : "";
            assertFalse(name.contains(id) || content.contains(id), name + " still holds the deleted video: " + content);
        }

        // the receiver fails: the attempts show, with when the next one comes
        receiver.answer(500);
        Path junk = dir.resolve("junk.mp4");
        Files.writeString(junk, "this is not a video at all");
        String bad = api.upload(junk, "video", "video/mp4").json().path("id").asText();
        receiver.await(r -> ofType(r, "video.failed", bad), 2, 120_000);
        JsonNode retrying = awaitDeliveries(key, bad, items -> items.size() == 1
                && items.get(0).path("attempts").asInt() >= 2).get(0);
        assertEquals("video.failed", retrying.path("type").asText());
        assertEquals("retrying", retrying.path("status").asText());
        assertEquals(500, retrying.path("lastStatus").asInt());
        assertFalse(retrying.path("nextAttemptAt").isNull());
        assertEquals(1, call("GET", "/api/v1/webhook/deliveries?limit=1", key, null).json().path("items").size());

        // a new secret signs the next attempt, and the old one beside it for the window (24 h by default)
        Reply rotated = call("POST", "/api/v1/webhook/secret", key, null);
        assertEquals(200, rotated.status());
        String newSecret = rotated.json().path("secret").asText();
        assertNotEquals(secret, newSecret);
        long until = Instant.parse(rotated.json().path("previousSecretExpiresAt").asText()).toEpochMilli();
        assertTrue(Math.abs(until - System.currentTimeMillis() - 86_400_000L) < 60_000, rotated.toString());
        receiver.answer(200);
        WebhookReceiver.Receipt failed = receiver.await(r -> ofType(r, "video.failed", bad) && r.answered() == 200, 1,
                60_000).get(0);
        now = Instant.now().getEpochSecond();
        assertTrue(WebhookReceiver.verify(failed, newSecret, now, 300));
        assertTrue(WebhookReceiver.verify(failed, secret, now, 300), "the old secret still verifies");
        assertEquals(2, failed.signature().split(" ").length, failed.toString());
        for (String result : StandardWebhooksLibrary.verify(List.of(StandardWebhooksLibrary.Check.of(failed, newSecret),
                StandardWebhooksLibrary.Check.of(failed, secret)), dir)) {
            assertEquals(null, result, "the library verifies with either secret");
        }
        assertFalse(failed.event().path("data").path("error").asText().isEmpty());

        assertEquals(204, call("DELETE", "/api/v1/webhook", key, null).status());
        assertEquals(404, call("GET", "/api/v1/webhook", key, null).status());
        assertEquals(404, call("DELETE", "/api/v1/webhook", key, null).status());
        assertEquals(404, call("POST", "/api/v1/webhook/secret", key, null).status());
    }

    private JsonNode awaitDeliveries(String key, String videoId, java.util.function.Predicate<List<JsonNode>> done)
            throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            Reply reply = call("GET", "/api/v1/webhook/deliveries?videoId=" + videoId, key, null);
            assertEquals(200, reply.status());
            List<JsonNode> items = new java.util.ArrayList<>();
            reply.json().path("items").forEach(items::add);
            if (done.test(items)) {
                return reply.json().path("items");
            }
            assertTrue(System.currentTimeMillis() < deadline, "deliveries never matched: " + reply.json());
            Thread.sleep(200);
        }
    }
}
