package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.messages.Item;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upload over HTTP to a playable ladder, on real Redis, MinIO and FFmpeg, one process in role 'all'. */
class PipelineTest {
    private static final int DB = 1;
    private static final Duration TRANSCODE = Duration.ofMinutes(3);
    private static AppProcess app;
    private static Api api;
    private static final MinioClient MINIO = Services.minio();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        Services.freshRedis(DB).close();
        app = AppProcess.start("all", DB, AppProcess.AS_DEPLOYED);
        api = new Api(app.url());
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void a1080pClipWithAudioBecomesAThreeRungLadder() throws Exception {
        Path clip = Clips.video(dir, "clip.mp4", 1920, 1080, 12, true);
        Api.Reply reply = api.upload(clip, "video", "video/mp4");
        assertEquals(202, reply.status(), reply.text());
        String id = reply.json().path("id").asText();
        assertEquals("waiting", reply.json().path("status").asText());
        assertEquals(app.url() + "/api/v1/videos/" + id, reply.json().path("statusUrl").asText());

        JsonNode video = api.awaitFinished(id, TRANSCODE);
        assertEquals("completed", video.path("status").asText(), video.toString());
        assertEquals(100, video.path("progress").asInt());
        assertEquals(1, video.path("attempts").asInt());
        assertEquals("clip.mp4", video.path("filename").asText());
        assertEquals(Files.size(clip), video.path("size").asLong());
        // the one end-to-end test as deployed: the per-title plan, and every rung measured
        assertEquals("per-title", video.path("ladder").asText(), video.toString());
        for (JsonNode rung : video.path("renditions")) {
            assertTrue(rung.path("quality").path("vmaf").path("mean").asDouble() > 40, rung.toString());
        }

        List<HlsCheck.Variant> variants = HlsCheck.check(api, video.path("playlistUrl").asText(), true, dir);
        assertEquals(List.of("1920x1080", "1280x720", "854x480"), variants.stream().map(HlsCheck.Variant::resolution).toList());
        for (HlsCheck.Variant variant : variants) {
            assertTrue(variant.durations().size() >= 2, "12 s should make more than one segment: " + variant);
            assertEquals(12.0, variant.durations().stream().mapToDouble(Double::doubleValue).sum(), 0.5, variant.toString());
        }
        assertEquals("application/vnd.apple.mpegurl", MINIO.statObject(StatObjectArgs.builder()
                .bucket("processed").object(id + "/master.m3u8").build()).contentType());
        assertEquals("video/mp2t", MINIO.statObject(StatObjectArgs.builder()
                .bucket("processed").object(id + "/720p_00000.ts").build()).contentType());
        assertTrue(objects("raw", id + "/").contains(id + "/source"), "the source stays in raw");
        assertNoTempFiles();
    }

    @Test
    void aSmallSourceKeepsItsOwnSizeAsTheOnlyRung() throws Exception {
        Path clip = Clips.video(dir, "small.mp4", 640, 360, 3, true);
        String id = api.upload(clip, "video", "video/mp4").json().path("id").asText();
        JsonNode video = api.awaitFinished(id, TRANSCODE);
        assertEquals("completed", video.path("status").asText(), video.toString());
        assertEquals(1, video.path("renditions").size(), video.toString());
        assertEquals("360p", video.path("renditions").get(0).path("name").asText());
        assertEquals(640, video.path("renditions").get(0).path("width").asInt());
        List<HlsCheck.Variant> variants = HlsCheck.check(api, video.path("playlistUrl").asText(), true, dir);
        assertEquals(List.of("640x360"), variants.stream().map(HlsCheck.Variant::resolution).toList());
    }

    @Test
    void aSourceWithoutAudioCompletes() throws Exception {
        Path clip = Clips.video(dir, "silent.mp4", 1280, 720, 3, false);
        String id = api.upload(clip, "video", "video/mp4").json().path("id").asText();
        JsonNode video = api.awaitFinished(id, TRANSCODE);
        assertEquals("completed", video.path("status").asText(), video.toString());
        List<HlsCheck.Variant> variants = HlsCheck.check(api, video.path("playlistUrl").asText(), false, dir);
        assertEquals(List.of("1280x720", "854x480"), variants.stream().map(HlsCheck.Variant::resolution).toList());
    }

    @Test
    void aTextFileFailsOnceWithAReason() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "this is not a video\n");
        Api.Reply reply = api.upload(text, "video", "text/plain");
        assertEquals(202, reply.status(), reply.text());
        String id = reply.json().path("id").asText();
        JsonNode video = api.awaitFinished(id, TRANSCODE);
        assertEquals("failed", video.path("status").asText());
        assertEquals(1, video.path("attempts").asInt(), "a bad input is not retried");
        assertTrue(video.path("error").asText().startsWith("the upload is not a readable video"), video.toString());
        assertFalse(video.path("error").asText().contains("/"), "no server paths in the reason: " + video);
        Thread.sleep(1500);
        assertEquals(1, api.video(id).path("attempts").asInt(), "still one attempt later");
        assertTrue(objects("processed", id + "/").isEmpty(), "nothing published for a failed video");
        assertNoTempFiles();
    }

    private static void assertNoTempFiles() throws Exception {
        try (var left = Files.list(app.workDir())) {
            assertEquals(List.of(), left.toList(), "temp files are removed after every job");
        }
    }

    @Test
    void theListShowsNewestFirst() throws Exception {
        Path clip = Clips.video(dir, "tiny.mp4", 320, 240, 1, false);
        String first = api.upload(clip, "video", "video/mp4").json().path("id").asText();
        String second = api.upload(clip, "video", "video/mp4").json().path("id").asText();
        JsonNode list = api.get("/api/v1/videos?limit=2").json();
        assertEquals(second, list.path("items").get(0).path("id").asText());
        assertEquals(first, list.path("items").get(1).path("id").asText());
        assertTrue(list.path("total").asLong() >= 2);
        assertEquals(400, api.get("/api/v1/videos?limit=-1").status());
        assertEquals(404, api.get("/api/v1/videos/does-not-exist").status());
        api.awaitFinished(second, TRANSCODE);
    }

    static Set<String> objects(String bucket, String prefix) throws Exception {
        Set<String> names = new java.util.TreeSet<>();
        for (Result<Item> item : MINIO.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                .recursive(true).build())) {
            names.add(item.get().objectName());
        }
        return names;
    }
}
