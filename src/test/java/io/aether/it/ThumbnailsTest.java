package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import io.aether.api.PlaybackToken;
import io.minio.ListObjectsArgs;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thumbnails made on demand from the stored ladder and cached, and the storyboard the parts make,
 * for a video made in one pass and one made in chunks, on one process in role 'all'.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThumbnailsTest {
    private static final int DB = 10;
    private static final Duration TRANSCODE = Duration.ofMinutes(4);
    private static final Pattern SIGNED =
            Pattern.compile("(.*)/hls/([0-9]+\\.[A-Za-z0-9_-]{43})/([0-9a-f-]{36})/(thumbnail\\.jpg|storyboard\\.vtt)");
    private static final Pattern CUE = Pattern.compile(
            "(\\d\\d):(\\d\\d):(\\d\\d\\.\\d{3}) --> (\\d\\d):(\\d\\d):(\\d\\d\\.\\d{3})\\n(\\S+)#xywh=(\\d+),(\\d+),(\\d+),(\\d+)");
    private static final PlaybackToken TOKENS =
            new PlaybackToken(Services.PLAYBACK_SECRET.getBytes(StandardCharsets.UTF_8));
    private static AppProcess app;
    private static Api api;
    private static JsonNode single;
    private static JsonNode chunked;

    @TempDir
    Path dir;

    @BeforeAll
    static void start(@TempDir Path clips) throws Exception {
        Services.freshRedis(DB).close();
        app = AppProcess.start("all", DB, Map.of());
        api = new Api(app.url());
        single = uploadAndWait(Clips.video(clips, "short.mp4", 640, 360, 12, true));
        // past the 20 s threshold: cut into a 2 s first chunk and 10 s chunks, each making its sheet
        chunked = uploadAndWait(Clips.video(clips, "long.mp4", 480, 270, 33, true));
        assertTrue(chunked.path("chunks").asInt() >= 3, chunked.toString());
    }

    private static JsonNode uploadAndWait(Path clip) throws Exception {
        Api.Reply reply = api.upload(clip, "video", "video/mp4");
        assertEquals(202, reply.status(), reply.text());
        assertTrue(reply.json().path("thumbnailUrl").isNull(), "null until playable: " + reply.text());
        assertTrue(reply.json().path("storyboardUrl").isNull(), reply.text());
        JsonNode video = api.awaitFinished(reply.json().path("id").asText(), TRANSCODE);
        assertEquals("completed", video.path("status").asText(), video.toString());
        return video;
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void thePosterAndAThumbnailAtATimeAndWidthAreJpegOrWebp() throws Exception {
        String poster = single.path("thumbnailUrl").asText();
        Matcher m = SIGNED.matcher(poster);
        assertTrue(m.matches(), poster);
        assertEquals(single.path("id").asText(), m.group(3));
        assertEquals(List.of("mjpeg", "640x360"), probe(fetch(poster, "image/jpeg"), "poster.jpg"));
        assertEquals(List.of("mjpeg", "320x180"), probe(fetch(poster + "?time=5.5&width=320", "image/jpeg"), "a.jpg"));
        String webp = poster.replace("thumbnail.jpg", "thumbnail.webp");
        assertEquals(List.of("webp", "200x112"), probe(fetch(webp + "?time=11.9&width=200", "image/webp"), "a.webp"));
        // a chunked video's thumbnail comes from a later chunk's segment
        String later = chunked.path("thumbnailUrl").asText() + "?time=27&width=160";
        assertEquals(List.of("mjpeg", "160x90"), probe(fetch(later, "image/jpeg"), "later.jpg"));
    }

    @Test
    void theSecondRequestIsServedFromTheCacheUnderTheVideo() throws Exception {
        String id = single.path("id").asText();
        String url = single.path("thumbnailUrl").asText() + "?time=3&width=240";
        byte[] first = fetch(url, "image/jpeg");
        String key = id + "/thumbnails/3000-240.jpg";
        var minio = Services.minio();
        assertEquals(first.length, minio.statObject(StatObjectArgs.builder().bucket("processed").object(key).build())
                .size(), "cached in processed/ under the video's id");
        // the cached object is what answers: made again, it would be the real image, not this
        byte[] marker = fetch(single.path("thumbnailUrl").asText() + "?time=8&width=240", "image/jpeg");
        minio.putObject(PutObjectArgs.builder().bucket("processed").object(key).contentType("image/jpeg")
                .stream(new ByteArrayInputStream(marker), marker.length, -1).build());
        assertArrayEquals(marker, fetch(url, "image/jpeg"));
    }

    @Test
    void badParametersAre400BadTokens403AndOtherVideos404() throws Exception {
        String poster = single.path("thumbnailUrl").asText();
        for (String query : List.of("?time=12.5", "?time=-1", "?time=soon", "?width=15", "?width=1921", "?width=20.5")) {
            HttpResponse<byte[]> bad = api.raw(poster + query);
            assertEquals(400, bad.statusCode(), query + ": " + text(bad));
            assertEquals(400, Json.MAPPER.readTree(bad.body()).path("status").asInt(), text(bad));
            assertTrue(bad.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        }
        assertEquals(200, api.raw(poster + "?width=16").statusCode());
        assertEquals(200, api.raw(poster + "?width=1920&time=0").statusCode());

        Matcher m = SIGNED.matcher(poster);
        assertTrue(m.matches(), poster);
        String id = m.group(3);
        long now = System.currentTimeMillis() / 1000;
        for (String token : List.of(TOKENS.sign(id, now - 1), TOKENS.sign(UUID.randomUUID().toString(), now + 60),
                "not-a-token")) {
            HttpResponse<byte[]> refused = api.raw(m.group(1) + "/hls/" + token + "/" + id + "/thumbnail.jpg");
            assertEquals(403, refused.statusCode(), text(refused));
            assertTrue(text(refused).contains("token"), text(refused));
        }
        assertEquals(403, api.raw(m.group(1) + "/hls/" + id + "/thumbnail.jpg").statusCode(), "private: no token");

        String unknown = UUID.randomUUID().toString();
        HttpResponse<byte[]> missing = api.raw(m.group(1) + "/hls/" + TOKENS.sign(unknown, now + 60) + "/" + unknown
                + "/thumbnail.jpg");
        assertEquals(404, missing.statusCode(), text(missing));
        Api other = new Api(app.url(), Credentials.create(app.url(), "mallory"));
        Api.Reply theirs = other.get("/api/v1/videos/" + id);
        assertEquals(404, theirs.status(), "another owner never sees the record, nor its thumbnailUrl: " + theirs.text());
    }

    @Test
    void theStoryboardCoversTheWholeVideoWithTilesOfSheetsThatExist() throws Exception {
        for (JsonNode video : List.of(single, chunked)) {
            String url = video.path("storyboardUrl").asText();
            assertTrue(SIGNED.matcher(url).matches(), url);
            String vtt = new String(fetch(url, "text/vtt"), StandardCharsets.UTF_8);
            assertTrue(vtt.startsWith("WEBVTT\n"), vtt);
            List<Cue> cues = new ArrayList<>();
            Matcher m = CUE.matcher(vtt);
            while (m.find()) {
                cues.add(new Cue(seconds(m, 1), seconds(m, 4), m.group(7), Integer.parseInt(m.group(8)),
                        Integer.parseInt(m.group(9)), Integer.parseInt(m.group(10)), Integer.parseInt(m.group(11))));
            }
            double duration = video.path("duration").asDouble();
            assertEquals(Math.ceil(duration / 2), cues.size(), "a tile every 2 s: " + vtt);
            assertEquals(0, cues.get(0).from(), 1e-9);
            for (int i = 1; i < cues.size(); i++) {
                assertEquals(cues.get(i - 1).to(), cues.get(i).from(), 1e-9, "no gap, no overlap: " + vtt);
            }
            assertEquals(duration, cues.get(cues.size() - 1).to(), 0.1, vtt);
            Map<String, List<String>> probed = new java.util.HashMap<>();
            for (Cue cue : cues) {
                assertEquals(160, cue.w());
                assertEquals(90, cue.h(), "the video's 16:9 shape");
                String sheet = URI.create(url).resolve(cue.sheet()).toString();
                List<String> size = probed.computeIfAbsent(sheet, s -> probeQuietly(s));
                String[] wh = size.get(1).split("x");
                assertTrue(cue.x() + cue.w() <= Integer.parseInt(wh[0]) && cue.y() + cue.h() <= Integer.parseInt(wh[1]),
                        cue + " inside " + size);
            }
            if (video == chunked) {
                assertTrue(probed.size() >= 3, "a sheet per chunk: " + probed.keySet());
            }
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // it deletes the chunked video the others look at
    void aPublicVideosThumbnailNeedsNoTokenAndADeleteTakesTheCacheAlong() throws Exception {
        String id = chunked.path("id").asText();
        Api.Reply made = api.patch("/api/v1/videos/" + id, "{\"public\": true}");
        assertEquals(200, made.status(), made.text());
        assertEquals(app.url() + "/hls/" + id + "/thumbnail.jpg", made.json().path("thumbnailUrl").asText());
        assertEquals(app.url() + "/hls/" + id + "/storyboard.vtt", made.json().path("storyboardUrl").asText());
        fetch(made.json().path("thumbnailUrl").asText() + "?time=1", "image/jpeg");
        fetch(made.json().path("storyboardUrl").asText(), "text/vtt");

        var minio = Services.minio();
        assertTrue(minio.listObjects(ListObjectsArgs.builder().bucket("processed").prefix(id + "/thumbnails/")
                .build()).iterator().hasNext());
        assertEquals(204, api.delete("/api/v1/videos/" + id).status());
        assertTrue(!minio.listObjects(ListObjectsArgs.builder().bucket("processed").prefix(id + "/").recursive(true)
                .build()).iterator().hasNext(), "nothing under the video's prefix is left");
    }

    private record Cue(double from, double to, String sheet, int x, int y, int w, int h) {
    }

    private static double seconds(Matcher m, int group) {
        return Integer.parseInt(m.group(group)) * 3600 + Integer.parseInt(m.group(group + 1)) * 60
                + Double.parseDouble(m.group(group + 2));
    }

    private byte[] fetch(String url, String type) throws Exception {
        HttpResponse<byte[]> reply = api.raw(url);
        assertEquals(200, reply.statusCode(), url + ": " + text(reply));
        assertTrue(reply.headers().firstValue("Content-Type").orElse("").startsWith(type),
                url + ": " + reply.headers().map());
        return reply.body();
    }

    private List<String> probeQuietly(String url) {
        try {
            String name = "sheet-" + UUID.randomUUID() + ".jpg";
            List<String> codecAndSize = probe(fetch(url, "image/jpeg"), name);
            assertEquals("mjpeg", codecAndSize.get(0));
            return codecAndSize;
        } catch (Exception e) {
            throw new AssertionError(url, e);
        }
    }

    /** The image's codec and WxH, as ffprobe reads them. */
    private List<String> probe(byte[] image, String name) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, image);
        String out = Tools.run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                "stream=codec_name,width,height", "-of", "csv=p=0", file.toString())).trim();
        String[] parts = out.split(",");
        return List.of(parts[0], parts[1] + "x" + parts[2]);
    }

    private static String text(HttpResponse<byte[]> reply) {
        return new String(reply.body(), StandardCharsets.UTF_8);
    }
}
