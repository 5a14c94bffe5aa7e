package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.aether.jobs.JobEvent;
import io.aether.store.Video;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhook deliveries over HTTPS from a real API replica: the receiver's certificate must name the URL's host. */
class WebhookHttpsTest {
    private static final int DB = 6;
    private static final String OWNER = "owner-webhooks";
    private static final long RETRY_MS = 500;
    private static final long TIMEOUT_MS = 2000;

    private WebhookOwner owner;
    private AppProcess api;
    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        owner = new WebhookOwner(DB, OWNER);
    }

    @AfterEach
    void stop() throws Exception {
        if (api != null) {
            api.close();
        }
        owner.close();
    }

    @Test
    void httpsChecksTheCertificateAgainstTheUrlsHostWhileConnectingToTheCheckedAddress() throws Exception {
        SelfSigned certificate = SelfSigned.forHost(dir, "localhost");
        try (WebhookReceiver https = new WebhookReceiver(certificate.server())) {
            owner.hooks.set(OWNER, https.url("localhost"));
            api = AppProcess.start("api", DB, Map.of("AETHER_WEBHOOK_ALLOW_NETWORKS", "127.0.0.0/8,::1/128",
                    "AETHER_WEBHOOK_RETRY_DELAY_MS", Long.toString(RETRY_MS),
                    "AETHER_WEBHOOK_TIMEOUT_MS", Long.toString(TIMEOUT_MS),
                    // the JVM trusts the receiver's self-signed certificate, and nothing else changes
                    "JAVA_TOOL_OPTIONS", certificate.trustOptions()));
            String id = owner.startedVideo();
            assertTrue(owner.videos.apply(id, JobEvent.FAIL, new Video.Changes().error("broken"), "w1", 0).applied());
            WebhookReceiver.Receipt r = https.await(x -> x.ofType("video.failed") && x.answered() == 200, 1, 60_000)
                    .get(0);
            assertTrue(WebhookReceiver.verify(r, owner.secret(), Instant.now().getEpochSecond(), 300));

            // the same receiver by its address: its certificate names localhost only, so nothing is sent
            owner.hooks.set(OWNER, https.url("127.0.0.1"));
            String other = owner.startedVideo();
            assertTrue(owner.videos.apply(other, JobEvent.FAIL, new Video.Changes().error("broken"), "w1", 0)
                    .applied());
            long deadline = System.currentTimeMillis() + 60_000;
            Map<String, String> refused = Map.of();
            while (Integer.parseInt(refused.getOrDefault("attempts", "0")) < 2) {
                assertTrue(System.currentTimeMillis() < deadline, "attempts: " + refused);
                Thread.sleep(200);
                List<Map<String, String>> list = owner.hooks.deliveries(OWNER, 10, other);
                refused = list.isEmpty() ? Map.of() : list.get(0);
            }
            assertEquals("retrying", refused.get("status"), refused.toString());
            assertTrue(refused.getOrDefault("lastStatus", "").isEmpty(), refused.toString());
            assertTrue(refused.get("lastError").contains("SSL"), refused.toString());
            assertTrue(https.receipts(x -> x.body().contains(other)).isEmpty(), "no request reached the handler");
        }
    }
}
