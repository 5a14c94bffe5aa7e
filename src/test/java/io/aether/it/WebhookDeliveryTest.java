package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.aether.jobs.JobEvent;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import io.aether.webhooks.WebhookStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook deliveries made by real API replicas to a receiver on loopback: signed (as the Standard
 * Webhooks library verifies), retried with backoff while the receiver fails, delivered once by two
 * competing replicas, and not lost when the delivering replica dies. The events come from the store's own
 * state changes, as a worker makes them. Over HTTPS: WebhookHttpsTest.
 */
class WebhookDeliveryTest {
    private static final int DB = 6;
    private static final String OWNER = "owner-webhooks";
    /**
     * The first retry's ceiling. Four failed attempts and the success after them then span 3.75-7.5 s (twice that
     * at 1000 ms); much shorter waits would hide in the replicas' 500 ms polls (aether.webhook.poll-ms).
     */
    private static final long RETRY_MS = 500;
    private static final long TIMEOUT_MS = 2000;
    private static final Map<String, String> API_ENV = Map.of("AETHER_WEBHOOK_ALLOW_NETWORKS", "127.0.0.0/8",
            "AETHER_WEBHOOK_RETRY_DELAY_MS", Long.toString(RETRY_MS), "AETHER_WEBHOOK_TIMEOUT_MS", Long.toString(TIMEOUT_MS));
    /** Not the webhook's: the Standard Webhooks specification's example secret. */
    private static final String OTHER_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private WebhookOwner owner;
    private WebhookReceiver receiver;
    private WebhookStore hooks;
    private VideoStore videos;
    private String secret;
    private final List<AppProcess> apis = new ArrayList<>();
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        owner = new WebhookOwner(DB, OWNER);
        hooks = owner.hooks;
        videos = owner.videos;
        receiver = new WebhookReceiver();
        hooks.set(OWNER, receiver.url());
        secret = owner.secret();
    }

    @AfterEach
    void stop() throws Exception {
        for (AppProcess api : apis) {
            api.close();
        }
        receiver.close();
        owner.close();
    }

    private AppProcess api() throws Exception {
        AppProcess api = AppProcess.start("api", DB, API_ENV);
        apis.add(api);
        return api;
    }

    @Test
    void signedRetriedWithBackoffThenDeliveredOnceByCompetingReplicas() throws Exception {
        receiver.answer(500);
        apis.addAll(AppProcess.startAll(DB, API_ENV, "api", "api"));
        String id = owner.startedVideo();
        assertTrue(videos.apply(id, JobEvent.SUCCEED, new Video.Changes().progress(100), "w1", 0).applied());

        // a single pass is ready when it completes: two events, each retried while the receiver fails;
        // meanwhile the schedule each failed attempt left in the record is read
        String completedId = receiver.await(r -> r.ofType("video.completed"), 1, 60_000).get(0).eventId();
        Map<Integer, Long> waits = new TreeMap<>();
        long deadline = System.currentTimeMillis() + 60_000;
        while (receiver.receipts(r -> r.ofType("video.completed")).size() < 4
                || receiver.receipts(r -> r.ofType("video.ready")).size() < 4) {
            assertTrue(System.currentTimeMillis() < deadline, "four failed attempts each: " + receiver.receipts());
            Map<String, String> d = hooks.delivery(completedId).orElseThrow();
            if (!d.getOrDefault("nextAttemptAt", "").isEmpty()) {
                waits.put(Integer.parseInt(d.get("attempts")), Instant.parse(d.get("nextAttemptAt")).toEpochMilli()
                        - Instant.parse(d.get("lastAttemptAt")).toEpochMilli());
            }
            Thread.sleep(50);
        }
        assertTrue(waits.size() >= 2, "the schedule after several attempts: " + waits);
        waits.forEach((failures, wait) -> {
            long ceiling = RETRY_MS << (failures - 1);
            assertTrue(wait >= ceiling / 2 && wait <= ceiling, "after " + failures + " failures a wait in ["
                    + ceiling / 2 + ", " + ceiling + "] ms: " + waits);
        });
        Map<String, String> retrying = hooks.delivery(completedId).orElseThrow();
        assertEquals("500", retrying.get("lastStatus"), retrying.toString());
        assertTrue(Integer.parseInt(retrying.get("attempts")) >= 3, retrying.toString());
        receiver.answer(200);

        for (String type : List.of("video.ready", "video.completed")) {
            receiver.await(r -> r.ofType(type) && r.answered() == 200, 1, 30_000);
        }
        // long enough for any repeat to show up; the signatures of what came so far are checked meanwhile (a
        // repeat fails the count below)
        long quietUntil = System.currentTimeMillis() + 4 * RETRY_MS + 1000;
        verifiedBySigningRules(id, receiver.receipts());
        Thread.sleep(Math.max(0, quietUntil - System.currentTimeMillis()));
        for (String type : List.of("video.ready", "video.completed")) {
            List<WebhookReceiver.Receipt> all = receiver.receipts(r -> r.ofType(type));
            List<WebhookReceiver.Receipt> ok = all.stream().filter(r -> r.answered() == 200).toList();
            assertEquals(1, ok.size(), type + " delivered exactly once: " + all);
            assertEquals(ok.get(0), all.get(all.size() - 1), "nothing after the success");
            String eventId = ok.get(0).eventId();
            assertTrue(all.stream().allMatch(r -> r.eventId().equals(eventId)), "one event id across attempts");
            // and the receiver saw them wait at least that long: half of a ceiling that doubles
            for (int k = 1; k < 4; k++) {
                long gap = all.get(k).atMs() - all.get(k - 1).atMs();
                long least = (RETRY_MS << (k - 1)) / 2;
                assertTrue(gap >= least - 100, type + " attempt " + (k + 1) + " came " + gap + " ms after the one"
                        + " before, under " + least);
            }
            Map<String, String> delivery = hooks.delivery(eventId).orElseThrow();
            assertEquals("delivered", delivery.get("status"));
            assertEquals(Integer.toString(all.size()), delivery.get("attempts"));
            assertEquals("200", delivery.get("lastStatus"));
        }
    }

    /** Each request verifies with the webhook's secret and no other, unaltered and in time, and tells the event. */
    private void verifiedBySigningRules(String id, List<WebhookReceiver.Receipt> receipts) throws Exception {
        long now = Instant.now().getEpochSecond();
        for (WebhookReceiver.Receipt r : receipts) {
            assertTrue(WebhookReceiver.verify(r, secret, now, 300), "verifies: " + r);
            assertFalse(WebhookReceiver.verify(r.headers(), r.body() + " ", secret, now, 300), "tampered body");
            assertFalse(WebhookReceiver.verify(r, secret, now + 600, 300), "replayed later");
            assertFalse(WebhookReceiver.verify(r, OTHER_SECRET, now, 300), "other secret");
            assertEquals(r.eventId(), r.event().path("id").asText());
            assertEquals(null, r.legacySignature(), "a standard secret sends only the standard headers");
            assertTrue(r.event().path("createdAt").asText().endsWith("Z"));
            assertEquals(id, r.event().path("data").path("id").asText());
            assertEquals("completed", r.event().path("data").path("status").asText());
            assertTrue(r.event().path("data").path("playable").asBoolean());
            assertEquals("clip.mp4", r.event().path("data").path("filename").asText());
        }
        verifiedByTheLibrary(receipts);
    }

    /**
     * Every attempt the receiver got, failed or not, from either replica, verifies with the Standard
     * Webhooks library; the same requests with a changed body, id or timestamp, or another secret, do not.
     */
    private void verifiedByTheLibrary(List<WebhookReceiver.Receipt> receipts) throws Exception {
        List<StandardWebhooksLibrary.Check> checks = new ArrayList<>();
        for (WebhookReceiver.Receipt r : receipts) {
            checks.add(StandardWebhooksLibrary.Check.of(r, secret));
        }
        List<String> results = StandardWebhooksLibrary.verify(checks, dir);
        for (int i = 0; i < receipts.size(); i++) {
            assertEquals(null, results.get(i), "the library verifies " + receipts.get(i));
        }
        WebhookReceiver.Receipt r = receipts.get(0);
        List<StandardWebhooksLibrary.Check> forged = List.of(
                StandardWebhooksLibrary.Check.of(r.withBody(r.body().replace("clip.mp4", "clip.mp5")), secret),
                StandardWebhooksLibrary.Check.of(r.withHeader("webhook-id", "evt_other"), secret),
                StandardWebhooksLibrary.Check.of(r.withHeader("webhook-timestamp",
                        Long.toString(Long.parseLong(r.headers().get("webhook-timestamp")) + 1)), secret),
                StandardWebhooksLibrary.Check.of(r, OTHER_SECRET),
                // the first scheme's key (the secret's text) is not what signs a standard secret's requests
                StandardWebhooksLibrary.Check.raw(r, secret));
        for (String result : StandardWebhooksLibrary.verify(forged, dir)) {
            assertTrue(result != null && result.contains("No matching signature"), "refused: " + result);
        }
    }

    @Test
    void aDeliveryOutlivesTheReplicaThatWasMakingIt() throws Exception {
        receiver.hang();
        api();
        String id = owner.startedVideo();
        assertTrue(videos.apply(id, JobEvent.FAIL, new Video.Changes().error("not a video"), "w1", 0).applied());
        WebhookReceiver.Receipt held = receiver.await(r -> r.ofType("video.failed"), 1, 30_000).get(0);
        apis.get(0).kill();
        receiver.answer(200);
        receiver.release();
        assertEquals("pending", hooks.delivery(held.eventId()).orElseThrow().getOrDefault("status", "pending")
                .replace("retrying", "pending"), "not delivered before the restart");

        api();
        WebhookReceiver.Receipt delivered = receiver.await(r -> r.ofType("video.failed") && r.answered() == 200, 1,
                60_000).get(0);
        assertEquals(held.eventId(), delivered.eventId());
        assertEquals("not a video", delivered.event().path("data").path("error").asText());
        assertEquals("failed", delivered.event().path("data").path("status").asText());
        assertTrue(WebhookReceiver.verify(delivered, secret, Instant.now().getEpochSecond(), 300));
        long deadline = System.currentTimeMillis() + 10_000;
        while (!"delivered".equals(hooks.delivery(held.eventId()).orElseThrow().get("status"))) {
            assertTrue(System.currentTimeMillis() < deadline, "recorded as delivered");
            Thread.sleep(100);
        }
    }

    @Test
    void aChunkedVideoIsReadyOnceWhenItBecomesPlayable() throws Exception {
        api();
        String id = owner.startedVideo();
        videos.playable(id);
        videos.playable(id); // a stitch repeated after a crash
        WebhookReceiver.Receipt ready = receiver.await(r -> r.ofType("video.ready"), 1, 30_000).get(0);
        assertEquals("active", ready.event().path("data").path("status").asText());
        assertTrue(ready.event().path("data").path("playable").asBoolean());
        assertTrue(videos.apply(id, JobEvent.SUCCEED, new Video.Changes().progress(100), null, 0).applied());
        receiver.await(r -> r.ofType("video.completed"), 1, 30_000);
        Thread.sleep(2000);
        assertEquals(1, receiver.receipts(r -> r.ofType("video.ready")).size(), "ready once: " + receiver.receipts());
        assertEquals(1, receiver.receipts(r -> r.ofType("video.completed")).size());

        // no webhook, no deliveries; a removed webhook cancels what waits
        hooks.delete(OWNER);
        String quiet = owner.startedVideo();
        assertTrue(videos.apply(quiet, JobEvent.SUCCEED, new Video.Changes(), "w1", 0).applied());
        assertEquals(0, owner.redis.sync().zcard(WebhookStore.DUE));
        assertTrue(hooks.deliveries(OWNER, 10, quiet).isEmpty(), "no delivery for a video without webhook");
    }
}
