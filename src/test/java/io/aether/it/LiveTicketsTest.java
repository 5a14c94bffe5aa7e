package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.access.Tickets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live WebSocket only for the video's owner, with a short-lived ticket and never the key in
 * the URL: another owner gets no ticket (404) and no socket; a missing, tampered, expired or other
 * video's ticket is refused before the upgrade; a ticket from one replica opens a socket on another,
 * once: a second use, on any replica, is refused.
 */
class LiveTicketsTest {
    private static final int DB = 0;
    private static AppProcess a;
    private static AppProcess b;
    private static String aliceKey;
    private static String bobKey;
    private static String alices;
    private static String bobs;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Services.freshRedis(DB).close();
        List<AppProcess> started = AppProcess.startAll(DB, Map.of(), "api", "api");
        a = started.get(0);
        b = started.get(1);
        aliceKey = Credentials.create(a.url(), "alice");
        bobKey = Credentials.create(a.url(), "bob");
        Path clip = Clips.video(dir, "clip.mp4", 320, 240, 1, false);
        alices = new Api(a.url(), aliceKey).upload(clip, "video", "video/mp4").json().path("id").asText();
        bobs = new Api(a.url(), bobKey).upload(clip, "video", "video/mp4").json().path("id").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        AppProcess.closeAll(a, b);
    }

    @Test
    void theOwnerWatchesWithATicketFromAnotherReplica() throws Exception {
        String ticket = LiveClient.ticket(a.url(), alices, aliceKey);
        assertNotNull(ticket, "the owner gets a ticket");
        assertTrue(!ticket.contains(aliceKey.substring(7)), "the ticket is not the key");
        try (LiveClient client = LiveClient.watch(b.url(), alices, aliceKey)) {
            JsonNode snapshot = client.next(Duration.ofSeconds(20));
            assertEquals("snapshot", snapshot.path("type").asText(), String.valueOf(snapshot));
            assertEquals(alices, snapshot.path("video").path("id").asText());
        }
        JsonNode issued = io.aether.Json.MAPPER.readTree(post(a.url(), "/api/v1/videos/" + alices + "/ticket", aliceKey));
        assertTrue(issued.path("url").asText().startsWith(a.url().replace("http", "ws") + "/ws/videos/" + alices
                + "?ticket="), issued.toString());
        assertTrue(Instant.parse(issued.path("expiresAt").asText()).isAfter(Instant.now()));
    }

    @Test
    void anotherOwnerGetsNeitherTicketNorSocket() throws Exception {
        assertNull(LiveClient.ticket(a.url(), alices, bobKey), "no ticket for someone else's video");
        assertEquals(404, status(a.url(), "/api/v1/videos/" + alices + "/ticket", bobKey));
        assertEquals(404, status(a.url(), "/api/v1/videos/" + java.util.UUID.randomUUID() + "/ticket", bobKey));
        assertEquals(401, status(a.url(), "/api/v1/videos/" + alices + "/ticket", null));
        String bobsTicket = LiveClient.ticket(a.url(), bobs, bobKey);
        assertNotNull(bobsTicket);
        assertEquals(401, handshake(b.url(), alices, bobsTicket), "his ticket is for his video only");
        assertEquals(101, handshake(b.url(), bobs, bobsTicket), "where it works");
    }

    @Test
    void aMissingTamperedOrExpiredTicketIsRefusedBeforeTheUpgrade() throws Exception {
        assertEquals(401, handshake(b.url(), alices, null), "no ticket");
        String ticket = LiveClient.ticket(a.url(), alices, aliceKey);
        String[] parts = ticket.split("\\.");
        String otherOwner = Base64.getUrlEncoder().withoutPadding().encodeToString("bob".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, handshake(b.url(), alices, (Long.parseLong(parts[0]) + 3600) + "." + parts[1] + "." + parts[2]
                + "." + parts[3]), "a later expiry");
        assertEquals(401, handshake(b.url(), alices, parts[0] + ".AAAAAAAAAAAAAAAA." + parts[2] + "." + parts[3]),
                "another nonce");
        assertEquals(401, handshake(b.url(), alices, parts[0] + "." + parts[1] + "." + otherOwner + "." + parts[3]),
                "another owner");
        assertEquals(401, handshake(b.url(), alices, parts[0] + "." + parts[1] + "." + parts[2] + "."
                + parts[3].substring(1) + "A"), "another signature");
        assertEquals(101, handshake(b.url(), alices, ticket), "the untouched ticket works");
        assertEquals(401, handshake(b.url(), alices, aliceKey), "the API key is no ticket");
        // signed with the cluster's own secret (in Redis when none is configured), but expired
        try (var redis = Services.redis(DB)) {
            byte[] secret = Base64.getUrlDecoder().decode(redis.sync().get("aether:access:ticket-secret"));
            Tickets signer = new Tickets(secret, 60);
            long now = Instant.now().getEpochSecond();
            assertEquals(101, handshake(b.url(), alices, signer.issue(alices, "alice", now)), "the same secret works");
            assertEquals(401, handshake(b.url(), alices, signer.issue(alices, "alice", now - 120)), "expired");
        }
    }

    @Test
    void aTicketOpensOneSocketOnAnyReplicaAndIsRefusedAfterwards() throws Exception {
        String ticket = LiveClient.ticket(a.url(), alices, aliceKey);
        assertEquals(101, handshake(a.url(), alices, ticket), "its first use");
        for (AppProcess replica : new AppProcess[] {a, b}) {
            try (RawHttp http = new RawHttp(replica.url())) {
                http.send("GET /ws/videos/" + alices + "?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8)
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
                http.awaitHead(10_000);
                long end = System.currentTimeMillis() + 5000;
                while (!http.body().endsWith("}") && http.poll(200) && System.currentTimeMillis() < end) {
                    // the rest of the body
                }
                assertEquals(401, http.status(), "a second use is refused before the upgrade: " + http.text());
                assertTrue(http.header("Content-Type").contains("json"), http.text());
                assertTrue(io.aether.Json.MAPPER.readTree(http.body()).toString().contains("ticket already used"),
                        http.body());
            }
        }
        assertEquals(101, handshake(b.url(), alices, LiveClient.ticket(a.url(), alices, aliceKey)), "a new ticket works");
        String signature = ticket.substring(ticket.lastIndexOf('.') + 1);
        try (var redis = Services.redis(DB)) {
            long ttl = redis.sync().ttl("aether:ticket:used:" + signature);
            assertTrue(ttl > 0 && ttl <= 61, "the mark ends when the ticket would have: " + ttl);
        }
    }

    /** The HTTP status of a WebSocket handshake: 101 when the socket opened. */
    private static int handshake(String base, String id, String ticket) throws Exception {
        String url = base.replace("http", "ws") + "/ws/videos/" + id
                + (ticket == null ? "" : "?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8));
        try {
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create(url), new WebSocket.Listener() {
                    }).get(20, TimeUnit.SECONDS);
            socket.abort();
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    private static int status(String base, String path, String key) throws Exception {
        return AccessTest.send(base, "POST", path, key == null ? null : "Bearer " + key).statusCode();
    }

    private static String post(String base, String path, String key) throws Exception {
        return AccessTest.send(base, "POST", path, "Bearer " + key).body();
    }
}
