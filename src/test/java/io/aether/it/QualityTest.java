package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.webhooks.WebhookStore;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measured quality through the real pipeline: a chunked clip and a single-pass clip get VMAF, PSNR
 * and SSIM for every rung (pooled from the chunks), in the record, the video.completed webhook and
 * the Prometheus histogram; a worker whose quality ffmpeg is Debian's (no libvmaf) says so and still
 * reports PSNR and SSIM.
 */
class QualityTest {
    private static final int DB = 9;
    private static final Duration FINISH = Duration.ofMinutes(4);
    // an 8 s source is cut (2 s first chunk, then the rest); a 3 s one is one pass
    private static final Map<String, String> CHUNKS = Map.of("AETHER_CHUNK_THRESHOLD_S", "4",
            "AETHER_CHUNK_SEGMENTS", "1", "AETHER_WEBHOOK_ALLOW_NETWORKS", "127.0.0.0/8");

    /** Not a multiple of the densest (29): a record at 29 cannot pass for it. */
    private static final int SPARSEST = 41;

    @TempDir
    Path dir;

    @Test
    void everyRungOfAChunkedAndASinglePassVideoIsMeasured() throws Exception {
        // an error so loose that the trials pick the sparsest sampling allowed for both videos
        Map<String, String> env = new HashMap<>(CHUNKS);
        env.put("AETHER_QUALITY_SAMPLE_EVERY_MAX", Integer.toString(SPARSEST));
        env.put("AETHER_QUALITY_SAMPLE_ERROR", "100");
        try (StatefulRedisConnection<String, String> redis = Services.freshRedis(DB);
             WebhookReceiver receiver = new WebhookReceiver();
             AppProcess app = AppProcess.start("all", DB, AppProcess.asDeployed(env))) {
            new WebhookStore(redis.sync()).set(Credentials.OWNER, receiver.url());
            Api api = new Api(app.url());
            String chunked = api.upload(Clips.video(dir, "long.mp4", 1280, 720, 8, true), "video", "video/mp4")
                    .json().path("id").asText();
            String single = api.upload(Clips.video(dir, "short.mp4", 1280, 720, 3, true), "video", "video/mp4")
                    .json().path("id").asText();
            JsonNode long8 = api.awaitFinished(chunked, FINISH);
            JsonNode short3 = api.awaitFinished(single, FINISH);
            assertEquals(2, long8.path("chunks").asInt(), long8.toString());
            assertEquals(0, short3.path("chunks").asInt(), short3.toString());
            for (JsonNode video : List.of(long8, short3)) {
                assertEquals("completed", video.path("status").asText(), video.toString());
                JsonNode rungs = video.path("renditions");
                assertEquals(List.of("720p", "480p"), List.of(rungs.get(0).path("name").asText(),
                        rungs.get(1).path("name").asText()), video.toString());
                assertEquals(1280, rungs.get(0).path("width").asInt());
                assertEquals(480, rungs.get(1).path("height").asInt());
                double top = vmaf(rungs.get(0), video.path("duration").asDouble());
                double low = vmaf(rungs.get(1), video.path("duration").asDouble());
                assertTrue(top > low, "720p above 480p: " + rungs);
            }
            List<WebhookReceiver.Receipt> hooks = receiver.await(r -> r.event() != null
                    && "video.completed".equals(r.event().path("type").asText()), 2, 60_000);
            for (WebhookReceiver.Receipt hook : hooks) {
                JsonNode quality = hook.event().path("data").path("renditions").get(0).path("quality");
                assertTrue(quality.path("vmaf").path("mean").asDouble() > 50, hook.body());
            }
            Map<String, Double> metrics = MetricsTest.scrape(app.managementUrl());
            assertEquals(2, metrics.get("aether_rendition_vmaf_count{rung=\"720p\"}"), metrics.toString());
            assertEquals(2, metrics.get("aether_rendition_vmaf_count{rung=\"480p\"}"));
            assertTrue(metrics.get("aether_rendition_vmaf_sum{rung=\"720p\"}") > 100);
        }
    }

    /**
     * A rung's measured quality: its figures in range, one frame in every {@link #SPARSEST} of the video
     * scored, as the trials decided for the whole video (every chunk alike).
     */
    private static double vmaf(JsonNode rung, double seconds) {
        JsonNode q = rung.path("quality");
        JsonNode vmaf = q.path("vmaf");
        assertEquals("vmaf_v0.6.1", vmaf.path("model").asText(), rung.toString());
        double mean = vmaf.path("mean").asDouble();
        assertTrue(vmaf.path("min").asDouble() <= vmaf.path("p5").asDouble()
                && vmaf.path("p5").asDouble() <= mean && mean <= 100 && mean > 40, rung.toString());
        assertTrue(q.path("psnr").asDouble() > 25 && q.path("psnr").asDouble() < 100, rung.toString());
        assertTrue(q.path("ssim").asDouble() > 0.8 && q.path("ssim").asDouble() <= 1, rung.toString());
        assertEquals(SPARSEST, q.path("sampleEvery").asInt(), rung.toString());
        // the chunks continue the video's samples: one in each block that holds its three whole,
        // give or take one at a join between chunks or a run's end
        assertEquals(new io.aether.media.SampledFrames(SPARSEST, 0, Math.round(seconds * 30)).scored() - 1,
                q.path("frames").asLong(), 2,
                rung.toString());
        assertFalse(q.has("vmafUnavailable"), rung.toString());
        return mean;
    }

    @Test
    void aWorkerWithoutLibvmafSaysSoAndStillMeasuresPsnrAndSsim() throws Exception {
        Map<String, String> env = new HashMap<>(CHUNKS);
        env.put("AETHER_QUALITY_FFMPEG", "/usr/bin/ffmpeg");
        try (StatefulRedisConnection<String, String> redis = Services.freshRedis(DB);
             AppProcess app = AppProcess.start("all", DB, AppProcess.asDeployed(env))) {
            Api api = new Api(app.url());
            String chunked = api.upload(Clips.video(dir, "long.mp4", 1280, 720, 8, true), "video", "video/mp4")
                    .json().path("id").asText();
            JsonNode video = api.awaitFinished(chunked, FINISH);
            assertEquals("completed", video.path("status").asText(), video.toString());
            for (JsonNode rung : video.path("renditions")) {
                JsonNode q = rung.path("quality");
                assertTrue(q.path("vmaf").isNull(), rung.toString());
                assertEquals("the worker's ffmpeg has no libvmaf filter", q.path("vmafUnavailable").asText());
                assertTrue(q.path("psnr").asDouble() > 25 && q.path("ssim").asDouble() > 0.5, rung.toString());
                assertTrue(q.path("frames").asLong() > 0, rung.toString());
                // no trials without libvmaf, so the fixed ladder, sampled at the densest
                assertEquals(29, q.path("sampleEvery").asInt(), rung.toString());
            }
            Map<String, Double> metrics = MetricsTest.scrape(app.managementUrl());
            assertFalse(metrics.containsKey("aether_rendition_vmaf_count{rung=\"720p\"}"), "no VMAF, no made-up figure");
        }
    }
}
