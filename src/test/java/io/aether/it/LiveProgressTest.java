package io.aether.it;

import static io.aether.it.EventChannels.awaitSubscribers;
import static io.aether.it.EventChannels.killSubscriptions;
import static io.aether.it.EventChannels.subscribers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.tus.TusClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live progress across replicas on real Redis, MinIO and FFmpeg: videos are uploaded through API
 * replica A, watched over WebSockets on replica B, and transcoded by a worker JVM that only starts
 * once the sockets are open, so every event of the jobs travels worker -> Redis -> B -> client.
 */
class LiveProgressTest {
    private static final int DB = 8;
    private static final Duration FINISH = Duration.ofMinutes(4);
    private static AppProcess apiA;
    private static AppProcess apiB;
    private static AppProcess worker;
    private static StatefulRedisConnection<String, String> redis;
    private static Path dir;
    private static String goodId;
    private static String badId;
    private static LiveClient goodWatcher;
    private static LiveClient badWatcher;
    private static JsonNode goodSnapshot;
    private static JsonNode badSnapshot;

    @BeforeAll
    static void start() throws Exception {
        redis = Services.freshRedis(DB);
        dir = Files.createTempDirectory("aether-live-");
        List<AppProcess> apis = AppProcess.startAll(DB, Map.of(), "api", "api");
        apiA = apis.get(0);
        apiB = apis.get(1);
        Api api = new Api(apiA.url());
        Path clip = Clips.video(dir, "live.mp4", 1280, 720, 8, true);
        goodId = accepted(api.upload(clip, "video", "video/mp4"));
        Path text = Files.writeString(dir.resolve("notes.txt"), "this is not a video\n");
        badId = accepted(api.upload(text, "video", "text/plain"));

        goodWatcher = LiveClient.watch(apiB.url(), goodId);
        badWatcher = LiveClient.watch(apiB.url(), badId);
        // the snapshots arrive once each socket is subscribed: nothing the worker does can be missed
        goodSnapshot = goodWatcher.next(Duration.ofSeconds(10));
        badSnapshot = badWatcher.next(Duration.ofSeconds(10));
        // the worker's public URL is A's, as behind one load balancer
        worker = AppProcess.start("worker", DB, Map.of("AETHER_PUBLIC_URL", apiA.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {goodWatcher, badWatcher, worker, apiB, apiA}) {
            if (c != null) {
                c.close();
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aSubscriberOnAnotherReplicaGetsTheJobsEventsInOrderEndingWithThePlaylist() throws Exception {
        assertEquals("snapshot", goodSnapshot.path("type").asText());
        assertEquals(goodId, goodSnapshot.path("videoId").asText());
        assertEquals("waiting", goodSnapshot.path("video").path("status").asText(), goodSnapshot.toString());
        assertEquals(0, goodSnapshot.path("video").path("attempts").asInt());

        List<JsonNode> events = goodWatcher.untilClosed(FINISH);
        assertEquals(new LiveClient.Closed(1000, "video finished"), goodWatcher.closed(Duration.ofSeconds(1)));
        assertFalse(events.isEmpty());
        for (JsonNode event : events) {
            assertEquals(goodId, event.path("videoId").asText(), event.toString());
        }
        List<String> states = events.stream().filter(e -> e.path("type").asText().equals("state"))
                .map(e -> e.path("status").asText() + "/" + e.path("attempts").asInt()).toList();
        assertEquals(List.of("active/1", "completed/1"), states, events.toString());

        JsonNode first = events.get(0);
        JsonNode last = events.get(events.size() - 1);
        assertEquals("active", first.path("status").asText(), "the first event starts the job: " + events);
        assertEquals("completed", last.path("status").asText(), "the last event ends it: " + events);
        List<Integer> percents = events.subList(1, events.size() - 1).stream()
                .peek(e -> assertEquals("progress", e.path("type").asText(), "only progress in between: " + events))
                .map(e -> e.path("percent").asInt()).toList();
        assertFalse(percents.isEmpty(), "an 8 s transcode reports progress");
        for (int i = 0; i < percents.size(); i++) {
            assertTrue(percents.get(i) >= 0 && percents.get(i) <= 100, percents.toString());
            assertTrue(i == 0 || percents.get(i) > percents.get(i - 1), "progress only grows: " + percents);
        }
        assertTimesInOrder(events);

        String playlist = last.path("playlistUrl").asText();
        // the replica that forwards the event signs it, with its own AETHER_PUBLIC_URL (one address in production)
        String signed = "/hls/[0-9]+\\.[A-Za-z0-9_-]{43}/" + goodId + "/master\\.m3u8";
        assertTrue(playlist.matches(java.util.regex.Pattern.quote(apiA.url()) + signed)
                || playlist.matches(java.util.regex.Pattern.quote(apiB.url()) + signed), "a signed playlist URL: " + playlist);
        HttpResponse<byte[]> master = new Api(apiA.url()).raw(playlist);
        assertEquals(200, master.statusCode());
        assertTrue(new String(master.body(), StandardCharsets.UTF_8).startsWith("#EXTM3U"));

        // polling agrees with the events, on either replica
        for (AppProcess replica : List.of(apiA, apiB)) {
            JsonNode video = new Api(replica.url()).video(goodId);
            assertEquals("completed", video.path("status").asText());
            assertEquals(100, video.path("progress").asInt());
            assertEquals(last.path("attempts").asInt(), video.path("attempts").asInt());
        }
    }

    @Test
    void aFailingInputEndsWithAFailedEventAndItsReason() throws Exception {
        assertEquals("waiting", badSnapshot.path("video").path("status").asText(), badSnapshot.toString());
        List<JsonNode> events = badWatcher.untilClosed(FINISH);
        assertEquals(1000, badWatcher.closed(Duration.ofSeconds(1)).code());
        List<String> states = events.stream().filter(e -> e.path("type").asText().equals("state"))
                .map(e -> e.path("status").asText()).toList();
        assertEquals(List.of("active", "failed"), states, events.toString());
        JsonNode failed = events.get(events.size() - 1);
        assertEquals("failed", failed.path("status").asText());
        String reason = failed.path("error").asText();
        assertTrue(reason.startsWith("the upload is not a readable video"), failed.toString());
        assertFalse(failed.has("playlistUrl"), "no playlist for a failed video");
        JsonNode polled = new Api(apiB.url()).video(badId);
        assertEquals("failed", polled.path("status").asText());
        assertEquals(reason, polled.path("error").asText(), "polling gives the same reason");
    }

    @Test
    void aLateSubscriberGetsTheFinishedRecordAndNothingElse() throws Exception {
        Api api = new Api(apiA.url());
        String id = accepted(api.upload(Clips.video(dir, "late.mp4", 320, 240, 1, false), "video", "video/mp4"));
        JsonNode polled = api.awaitFinished(id, FINISH);
        assertEquals("completed", polled.path("status").asText());
        try (LiveClient late = LiveClient.watch(apiB.url(), id)) {
            List<JsonNode> messages = late.untilClosed(Duration.ofSeconds(20));
            assertEquals(1, messages.size(), messages.toString());
            JsonNode snapshot = messages.get(0);
            assertEquals("snapshot", snapshot.path("type").asText());
            assertEquals(new Api(apiB.url()).video(id), snapshot.path("video"), "the snapshot is what polling shows");
            assertEquals(1000, late.closed(Duration.ofSeconds(1)).code());
        }
    }

    @Test
    void anUnknownVideoWaitsForItsFirstEventsAndAnswersPings() throws Exception {
        String id = unfinishedUpload();
        try (LiveClient client = LiveClient.watch(apiB.url(), id); LiveClient other = LiveClient.watch(apiB.url(), id);
                LiveClient onA = LiveClient.watch(apiA.url(), id)) {
            JsonNode snapshot = client.next(Duration.ofSeconds(10));
            assertEquals("snapshot", snapshot.path("type").asText());
            assertTrue(snapshot.path("video").isNull(), snapshot.toString());
            other.next(Duration.ofSeconds(10));
            onA.next(Duration.ofSeconds(10));
            assertEquals(2L, subscribers(redis, id), "one Redis subscription per replica, however many sockets");

            client.send("{\"type\":\"ping\"}");
            assertEquals("pong", client.next(Duration.ofSeconds(5)).path("type").asText());
            client.send("{\"type\":\"subscribe\",\"videoId\":\"x\"}");
            JsonNode error = client.next(Duration.ofSeconds(5));
            assertEquals("error", error.path("type").asText());

            // what the tus endpoint publishes while bytes arrive reaches every replica's sockets
            redis.sync().publish("aether:events:" + id,
                    "{\"type\":\"upload\",\"videoId\":\"" + id + "\",\"at\":\"" + Instant.now() + "\",\"received\":10,\"total\":20}");
            for (LiveClient c : List.of(client, other, onA)) {
                JsonNode upload = c.next(Duration.ofSeconds(5));
                assertEquals("upload", upload.path("type").asText());
                assertEquals(10, upload.path("received").asLong());
            }
            other.close();
            onA.close();
            awaitSubscribers(redis, id, 1L);
            assertFalse(client.isClosed());
        }
        awaitSubscribers(redis, id, 0L);
    }

    @Test
    void aMalformedIdIsRefused() throws Exception {
        try (LiveClient client = LiveClient.watch(apiB.url(), "not.an.id")) {
            assertEquals(new LiveClient.Closed(1008, "not a video id"), client.closed(Duration.ofSeconds(10)));
        }
    }

    @Test
    void afterLosingRedisTheSubscriberGetsAFreshSnapshot() throws Exception {
        // the jobs' streams end first: a second snapshot in the middle of them is not what they test
        goodWatcher.closed(FINISH);
        badWatcher.closed(FINISH);
        String id = unfinishedUpload();
        try (LiveClient client = LiveClient.watch(apiB.url(), id)) {
            assertEquals("snapshot", client.next(Duration.ofSeconds(10)).path("type").asText());
            // events published while the replica is away are lost; the record is not
            killSubscriptions(redis, DB);
            JsonNode again = client.next(Duration.ofSeconds(30));
            assertEquals("snapshot", again.path("type").asText(), again.toString());
            awaitSubscribers(redis, id, 1L);
            redis.sync().publish("aether:events:" + id, "{\"type\":\"state\",\"videoId\":\"" + id
                    + "\",\"status\":\"waiting\",\"attempts\":0}");
            assertEquals("state", client.next(Duration.ofSeconds(5)).path("type").asText(), "live again");
        }
    }

    /** A video that has no record yet: a tus upload of the tests owner with no byte sent. */
    private static String unfinishedUpload() throws Exception {
        String url = new TusClient(apiA.url()).create(1000, null);
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static String accepted(Api.Reply reply) {
        assertEquals(202, reply.status(), reply.text());
        return reply.json().path("id").asText();
    }

    private static void assertTimesInOrder(List<JsonNode> events) {
        Instant previous = Instant.MIN;
        for (JsonNode event : events) {
            Instant at = Instant.parse(event.path("at").asText());
            assertFalse(at.isBefore(previous), "events in publishing order: " + events);
            previous = at;
        }
    }

}
