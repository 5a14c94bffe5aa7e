package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.tus.TusClient;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-title ladder end to end, with the pinned ffmpeg that has libvmaf (scripts/ffmpeg-vmaf): trial
 * encodes put the bits where the content needs them; ladder=fixed (form field, tus metadata) keeps the
 * ABR ladder; a bad value is refused; awkward sources still get a ladder. Short, small clips: the
 * suite's time budget.
 */
class LadderTest {
    private static final int DB = 7;
    private static final Duration TRANSCODE = Duration.ofMinutes(3);
    private static final MinioClient MINIO = Services.minio();
    private static AppProcess app;
    private static String qualityFfmpeg;
    private static Api api;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        qualityFfmpeg = Tools.vmafFfmpeg();
        Services.freshRedis(DB).close();
        // clips over 2.5 s are chunked (2 s, then 10 s chunks): the per-title plan goes through the chunk jobs
        app = AppProcess.start("all", DB, AppProcess.asDeployed(Map.of("AETHER_QUALITY_FFMPEG", qualityFfmpeg,
                "AETHER_CHUNK_THRESHOLD_S", "2.5", "AETHER_CHUNK_SEGMENTS", "1")));
        api = new Api(app.url());
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private Path clip(String name, String source, double seconds, String... extra) throws Exception {
        Path out = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", source, "-t", Double.toString(seconds)));
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-qp", "16", "-pix_fmt", "yuv420p", out.toString()));
        Tools.run(cmd);
        return out;
    }

    private JsonNode upload(Path clip, Map<String, String> fields) throws Exception {
        Api.Reply reply = api.upload(clip, "video", "video/mp4", "", fields);
        assertEquals(202, reply.status(), reply.text());
        JsonNode video = api.awaitFinished(reply.json().path("id").asText(), TRANSCODE);
        assertEquals("completed", video.path("status").asText(), video.toString());
        return video;
    }

    private static long bytes(String id, String rung) throws Exception {
        long sum = 0;
        for (Result<Item> r : MINIO.listObjects(ListObjectsArgs.builder().bucket("processed")
                .prefix(id + "/" + rung + "_").build())) {
            sum += r.get().size();
        }
        return sum;
    }

    @Test
    void aStillSlideGetsFarFewerBitsThanABusyClipAtTheSameTarget() throws Exception {
        JsonNode still = upload(clip("still.mp4", "smptehdbars=size=1280x720:rate=30", 3), Map.of());
        JsonNode busy = upload(clip("busy.mp4", "testsrc2=size=1280x720:rate=30", 3, "-vf", "noise=alls=12:allf=t"),
                Map.of());
        for (JsonNode video : List.of(still, busy)) {
            assertEquals("per-title", video.path("ladder").asText(), video.toString());
            assertTrue(video.path("ladderReason").isNull(), video.toString());
            JsonNode top = video.path("renditions").path(0);
            assertEquals("720p", top.path("name").asText(), video.toString());
            assertEquals(1280, top.path("width").asInt());
            JsonNode encoding = top.path("encoding");
            assertEquals("capped-crf", encoding.path("mode").asText(), video.toString());
            assertEquals(94.0, encoding.path("targetVmaf").asDouble(), video.toString());
            // the cap, or lower where a Mb/s more buys under a point (AETHER_LADDER_MIN_GAIN_PER_MBPS)
            assertTrue(encoding.path("maxrateKbps").asInt() > 0 && encoding.path("maxrateKbps").asInt() <= 8000,
                    video.toString());
            assertTrue(encoding.path("crf").isNumber(), video.toString());
        }
        // the slide reaches its target at the highest CRF tried; the noise hits the cap, and says so
        assertEquals(38.0, still.path("renditions").path(0).path("encoding").path("crf").asDouble(), still.toString());
        assertFalse(still.path("renditions").path(0).path("encoding").path("capped").asBoolean(), still.toString());
        assertTrue(busy.path("renditions").path(0).path("encoding").path("capped").asBoolean(), busy.toString());
        assertEquals(2, busy.path("chunks").asInt(), "chunked: " + busy);
        long stillBytes = bytes(still.path("id").asText(), "720p");
        long busyBytes = bytes(busy.path("id").asText(), "720p");
        assertTrue(stillBytes * 5 < busyBytes, "still " + stillBytes + " B, busy " + busyBytes + " B");
        // capped CRF: the master still says the measured average, and a peak at least that
        String master = new String(api.raw(busy.path("playlistUrl").asText()).body(), StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "(?m)^#EXT-X-STREAM-INF:.*?\\bBANDWIDTH=(\\d+).*?AVERAGE-BANDWIDTH=(\\d+).*\\R720p\\.m3u8").matcher(master);
        assertTrue(m.find(), master);
        double measured = busyBytes * 8 / 3.0;
        assertEquals(measured, Double.parseDouble(m.group(2)), measured * 0.1, master);
        assertTrue(Long.parseLong(m.group(1)) >= Long.parseLong(m.group(2)), master);
    }

    @Test
    void ladderFixedByFormFieldOrTusMetadataIsTheAbrLadder() throws Exception {
        Path clip = Clips.video(dir, "fixed.mp4", 1280, 720, 2, false);
        JsonNode form = upload(clip, Map.of("ladder", "fixed"));
        TusClient tus = new TusClient(app.url(), Credentials.key(app.url()));
        byte[] data = Files.readAllBytes(clip);
        String url = tus.create(data.length, "filename " + b64("fixed.mp4") + ",ladder " + b64("fixed"));
        tus.upload(url, data, data.length);
        JsonNode viaTus = api.awaitFinished(url.substring(url.lastIndexOf('/') + 1), TRANSCODE);
        for (JsonNode video : List.of(form, viaTus)) {
            assertEquals("fixed", video.path("ladder").asText(), video.toString());
            assertTrue(video.path("ladderReason").isNull(), video.toString());
            assertEquals(2, video.path("renditions").size(), video.toString());
            JsonNode top = video.path("renditions").path(0).path("encoding");
            assertEquals("abr", top.path("mode").asText(), video.toString());
            assertTrue(top.path("crf").isNull(), video.toString());
            assertEquals(2996, top.path("maxrateKbps").asInt(), video.toString());
        }
    }

    @Test
    void aLadderOtherThanPerTitleOrFixedIsRefused() throws Exception {
        Path clip = Clips.video(dir, "bad.mp4", 320, 240, 1, false);
        Api.Reply form = api.upload(clip, "video", "video/mp4", "", Map.of("ladder", "best"));
        assertEquals(400, form.status(), form.text());
        assertTrue(form.text().contains("ladder"), form.text());
        TusClient tus = new TusClient(app.url(), Credentials.key(app.url()));
        TusClient.Reply created = tus.send("POST", app.url() + "/files/", TusClient.tus("Upload-Length", "10",
                "Upload-Metadata", "ladder " + b64("cheap")), null);
        assertEquals(400, created.status(), created.body());
    }

    @Test
    void shortRotatedAndVariableRateSourcesStillGetALadder() throws Exception {
        JsonNode shortOne = upload(clip("short.mp4", "testsrc2=size=640x360:rate=30", 0.3), Map.of());
        // a display matrix (a phone held upright); Debian's ffmpeg 5.1 cannot write one, the pinned build can
        Path upright = dir.resolve("rotated.mp4");
        Tools.run(List.of(qualityFfmpeg, "-hide_banner", "-loglevel", "error", "-y", "-display_rotation", "90",
                "-i", clip("landscape.mp4", "testsrc2=size=640x360:rate=30", 1).toString(), "-c", "copy",
                upright.toString()));
        JsonNode rotated = upload(upright, Map.of());
        JsonNode vfr = upload(clip("vfr.mp4", "testsrc2=size=640x360:rate=30", 2,
                "-vf", "select='not(mod(n\\,3))+lt(n\\,10)'", "-fps_mode", "vfr"), Map.of());
        for (JsonNode video : List.of(shortOne, rotated, vfr)) {
            // trials that work give a per-title ladder; ones that cannot say why they fell back
            boolean perTitle = "per-title".equals(video.path("ladder").asText());
            assertTrue(perTitle || !video.path("ladderReason").asText().isEmpty(), video.toString());
            assertTrue(video.path("renditions").size() >= 1, video.toString());
        }
        assertEquals("per-title", shortOne.path("ladder").asText(), shortOne.toString());
        assertEquals(360, rotated.path("renditions").path(0).path("width").asInt(), rotated.toString());
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
