package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import io.aether.tus.TusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API keys and owners on real replicas: nothing under /api or /files answers without a valid key,
 * another owner's videos and uploads do not exist for a caller, a key revoked through one replica is
 * refused by the other at once, and no key ever reaches a log.
 */
class AccessTest {
    private static final int DB = 0;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static AppProcess a;
    private static AppProcess b;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Services.freshRedis(DB).close();
        List<AppProcess> started = AppProcess.startAll(DB, Map.of(), "all", "api");
        a = started.get(0);
        b = started.get(1);
    }

    @AfterAll
    static void stop() throws Exception {
        AppProcess.closeAll(a, b);
    }

    @Test
    void everyEndpointWantsAValidKey() throws Exception {
        String id = new Api(a.url()).upload(Clips.video(dir, "mine.mp4", 320, 240, 1, false), "video", "video/mp4")
                .json().path("id").asText();
        String upload = new TusClient(a.url()).create(1000, null);
        List<String[]> requests = List.of(
                new String[] {"GET", "/api/v1/videos"},
                new String[] {"GET", "/api/v1/videos/" + id},
                new String[] {"POST", "/api/v1/upload"},
                new String[] {"POST", "/files/"},
                new String[] {"OPTIONS", "/files/"},
                new String[] {"HEAD", path(upload)},
                new String[] {"PATCH", path(upload)},
                new String[] {"DELETE", path(upload)},
                new String[] {"POST", "/api/v1/keys"},
                new String[] {"GET", "/api/v1/keys"});
        List<String> wrong = new ArrayList<>();
        for (String[] request : requests) {
            for (String authorization : new String[] {null, "Bearer aether_not-a-key", "Basic dXNlcjpwYXNz", "Bearer "}) {
                HttpResponse<String> reply = send(a.url(), request[0], request[1], authorization);
                boolean json = request[0].equals("HEAD") || reply.body().contains("\"status\":401");
                if (reply.statusCode() != 401 || !json
                        || !reply.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer")) {
                    wrong.add(request[0] + " " + request[1] + " with " + authorization + ": " + reply.statusCode()
                            + " " + reply.body());
                }
            }
        }
        assertEquals(List.of(), wrong, "answered without a valid key");
        // an API key is not the admin key
        HttpResponse<String> listKeys = send(a.url(), "GET", "/api/v1/keys", Credentials.bearer(a.url()));
        assertEquals(401, listKeys.statusCode(), listKeys.body());
        // what the key opens is still there: nothing refused above changed it
        assertEquals(200, new Api(a.url()).get("/api/v1/videos/" + id).status());
        assertEquals(200, new TusClient(a.url()).head(upload).status());
        // the probes stay open for the orchestrator, on the management port
        assertEquals(200, send(a.managementUrl(), "GET", "/observe/health/ready", null).statusCode());
    }

    @Test
    void anotherOwnersVideosAndUploadsDoNotExistForACaller() throws Exception {
        String ownerKey = Credentials.create(a.url(), "alice");
        String otherKey = Credentials.create(a.url(), "bob");
        Api alice = new Api(a.url(), ownerKey);
        Api bob = new Api(b.url(), otherKey);
        Path clip = Clips.video(dir, "alice.mp4", 320, 240, 1, false);
        String first = alice.upload(clip, "video", "video/mp4").json().path("id").asText();
        String second = alice.upload(clip, "video", "video/mp4").json().path("id").asText();
        String bobs = bob.upload(clip, "video", "video/mp4").json().path("id").asText();

        JsonNode mine = alice.get("/api/v1/videos").json();
        assertEquals(2, mine.path("total").asInt(), mine.toString());
        assertEquals(List.of(second, first), ids(mine), "only her own, newest first");
        JsonNode theirs = bob.get("/api/v1/videos").json();
        assertEquals(1, theirs.path("total").asInt(), theirs.toString());
        assertEquals(List.of(bobs), ids(theirs));
        JsonNode paged = alice.get("/api/v1/videos?offset=1&limit=1").json();
        assertEquals(List.of(first), ids(paged));
        assertEquals(2, paged.path("total").asInt());

        Api.Reply foreign = bob.get("/api/v1/videos/" + first);
        Api.Reply unknown = bob.get("/api/v1/videos/" + java.util.UUID.randomUUID());
        assertEquals(404, foreign.status());
        assertEquals(unknown.text().replaceAll("[0-9a-f-]{36}", "ID"), foreign.text().replaceAll("[0-9a-f-]{36}", "ID"),
                "another owner's video answers exactly like an unknown one");
        assertEquals(200, alice.get("/api/v1/videos/" + first).status());

        TusClient aliceTus = new TusClient(a.url(), ownerKey);
        TusClient bobTus = new TusClient(b.url(), otherKey);
        String upload = aliceTus.create(2000, null);
        assertEquals(204, aliceTus.patch(upload, 0, new byte[500]).status());
        String onB = b.url() + path(upload);
        assertEquals(404, bobTus.head(onB).status(), "HEAD");
        assertEquals(404, bobTus.patch(onB, 500, new byte[500]).status(), "PATCH");
        assertEquals(404, bobTus.send("DELETE", onB, Map.of("Tus-Resumable", "1.0.0"), null).status(), "DELETE");
        TusClient.Reply head = aliceTus.head(upload);
        assertEquals(200, head.status());
        assertEquals(500, head.offset(), "nothing another owner sent was kept");
        assertEquals(2000, aliceTus.patch(upload, 500, new byte[1500]).offset());
        String finished = upload.substring(upload.lastIndexOf('/') + 1);
        assertEquals("alice", owner(alice.video(finished)), "the upload's owner owns the video");
        assertEquals(404, bob.get("/api/v1/videos/" + finished).status());
    }

    @Test
    void aKeyRevokedThroughOneReplicaIsRefusedByTheOtherAtOnce() throws Exception {
        JsonNode created = Credentials.admin(a.url(), "POST", "/api/v1/keys", "{\"owner\":\"carol\",\"name\":\"ci\"}");
        String key = created.path("key").asText();
        assertTrue(key.startsWith("aether_") && key.length() >= 40, key);
        JsonNode listed = Credentials.admin(b.url(), "GET", "/api/v1/keys?owner=carol", null);
        assertEquals(1, listed.path("items").size(), listed.toString());
        assertEquals(created.path("id"), listed.path("items").get(0).path("id"));
        assertFalse(listed.toString().contains(key), "a listing never shows the key");
        assertEquals(200, new Api(b.url(), key).get("/api/v1/videos").status());

        Credentials.admin(a.url(), "DELETE", "/api/v1/keys/" + created.path("id").asText(), null);
        Api.Reply refused = new Api(b.url(), key).get("/api/v1/videos");
        assertEquals(401, refused.status(), "the very next request on the other replica: " + refused.text());
        assertEquals(401, new TusClient(b.url(), key).send("POST", b.url() + "/files/",
                Map.of("Tus-Resumable", "1.0.0", "Upload-Length", "10"), null).status());
        assertEquals(404, send(b.url(), "DELETE", "/api/v1/keys/" + created.path("id").asText(),
                "Bearer " + Credentials.ADMIN_KEY).statusCode(), "revoked once");
    }

    @Test
    void noKeyEverReachesTheLog() throws Exception {
        String key = Credentials.create(a.url(), "dave");
        Api dave = new Api(a.url(), key);
        dave.upload(Clips.video(dir, "dave.mp4", 320, 240, 1, false), "video", "video/mp4");
        dave.get("/api/v1/videos");
        send(a.url(), "GET", "/api/v1/videos", "Bearer " + key + "x");
        new TusClient(a.url(), key).create(100, null);
        for (AppProcess app : new AppProcess[] {a, b}) {
            String log = Files.readString(app.log());
            assertFalse(log.contains(key), "an API key in " + app.log());
            assertFalse(log.contains(key.substring("aether_".length(), "aether_".length() + 16)),
                    "part of an API key in " + app.log());
            assertFalse(log.contains(Credentials.ADMIN_KEY), "the admin key in " + app.log());
            assertFalse(log.contains(Credentials.key(a.url())), "the tests' key in " + app.log());
        }
    }

    static HttpResponse<String> send(String base, String method, String path, String authorization)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Tus-Resumable", "1.0.0")
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String path(String url) {
        return URI.create(url).getPath();
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    /** The record's owner, read from Redis: the API does not show it. */
    private static String owner(JsonNode video) {
        try (var redis = Services.redis(DB)) {
            return redis.sync().hget("aether:video:" + video.path("id").asText(), "owner");
        }
    }

    static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }
}
