package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.api.PlaybackToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Playback with signed tokens, public videos, caching and byte ranges, on one process in role 'all'. */
class SignedPlaybackTest {
    private static final int DB = 13;
    private static final Duration TRANSCODE = Duration.ofMinutes(3);
    private static final Pattern SIGNED = Pattern.compile("(.*)/hls/([0-9]+\\.[A-Za-z0-9_-]{43})/([0-9a-f-]{36})/master\\.m3u8");
    private static final PlaybackToken TOKENS =
            new PlaybackToken(Services.PLAYBACK_SECRET.getBytes(StandardCharsets.UTF_8));
    private static AppProcess app;
    private static Api api;
    private static String id;
    private static String playlistUrl;

    @TempDir
    Path dir;

    @BeforeAll
    static void start(@TempDir Path clips) throws Exception {
        Services.freshRedis(DB).close();
        app = AppProcess.start("all", DB, Map.of());
        api = new Api(app.url());
        Api.Reply reply = api.upload(Clips.video(clips, "clip.mp4", 640, 360, 12, true), "video", "video/mp4");
        assertEquals(202, reply.status(), reply.text());
        id = reply.json().path("id").asText();
        assertTrue(SIGNED.matcher(reply.json().path("playlistUrl").asText()).matches(), reply.text());
        JsonNode video = api.awaitFinished(id, TRANSCODE);
        assertEquals("completed", video.path("status").asText(), video.toString());
        assertFalse(video.path("public").asBoolean(), video.toString());
        playlistUrl = video.path("playlistUrl").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theSignedPlaylistUrlPlaysTheWholeLadder() throws Exception {
        Matcher m = SIGNED.matcher(playlistUrl);
        assertTrue(m.matches(), playlistUrl);
        assertEquals(app.url(), m.group(1));
        assertEquals(id, m.group(3));
        List<HlsCheck.Variant> variants = HlsCheck.check(api, playlistUrl, true, dir);
        assertEquals(List.of("640x360"), variants.stream().map(HlsCheck.Variant::resolution).toList());

        HttpResponse<byte[]> master = api.raw(playlistUrl);
        assertEquals("public, max-age=5", master.headers().firstValue("Cache-Control").orElse(""));
        assertEquals(Long.toString(master.body().length), master.headers().firstValue("Content-Length").orElse(""));
        HttpResponse<byte[]> segment = api.raw(segmentUrl());
        assertEquals(200, segment.statusCode());
        assertEquals("public, max-age=31536000, immutable", segment.headers().firstValue("Cache-Control").orElse(""));
        assertEquals(Long.toString(segment.body().length), segment.headers().firstValue("Content-Length").orElse(""));
        assertEquals("bytes", segment.headers().firstValue("Accept-Ranges").orElse(""));
    }

    @Test
    void expiredTamperedAndOtherVideosTokensAre403() throws Exception {
        Matcher m = SIGNED.matcher(playlistUrl);
        assertTrue(m.matches(), playlistUrl);
        String token = m.group(2);
        long now = System.currentTimeMillis() / 1000;
        String expired = TOKENS.sign(id, now - 1);
        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        String longer = (Long.parseLong(token.substring(0, token.indexOf('.'))) + 3600) + token.substring(token.indexOf('.'));
        String otherVideo = TOKENS.sign(UUID.randomUUID().toString(), now + 3600);
        for (String bad : List.of(expired, tampered, longer, otherVideo, "not-a-token")) {
            for (String file : List.of("master.m3u8", "360p.m3u8", "360p_00000.ts")) {
                Api.Reply reply = api.get("/hls/" + bad + "/" + id + "/" + file);
                assertEquals(403, reply.status(), bad + " " + file + ": " + reply.text());
                assertEquals(403, reply.json().path("status").asInt(), reply.text());
                assertTrue(reply.json().path("error").asText().contains("token"), reply.text());
            }
        }
        assertEquals(200, api.get("/hls/" + TOKENS.sign(id, now + 60) + "/" + id + "/master.m3u8").status(),
                "a token made with the server's secret for this video plays");
    }

    @Test
    void aPrivateVideoWithoutATokenIs403AndAPublicOnePlaysWithout() throws Exception {
        String unsigned = app.url() + "/hls/" + id + "/master.m3u8";
        Api.Reply refused = api.get("/hls/" + id + "/master.m3u8");
        assertEquals(403, refused.status(), refused.text());
        assertEquals(403, api.get("/hls/" + id + "/360p_00000.ts").status());

        Api.Reply made = api.patch("/api/v1/videos/" + id, "{\"public\": true}");
        assertEquals(200, made.status(), made.text());
        assertTrue(made.json().path("public").asBoolean(), made.text());
        assertEquals(unsigned, made.json().path("playlistUrl").asText());
        HlsCheck.check(api, unsigned, true, dir);
        HlsCheck.check(api, playlistUrl, true, dir); // a signed URL handed out before still plays

        Api.Reply back = api.patch("/api/v1/videos/" + id, "{\"public\": false}");
        assertEquals(200, back.status(), back.text());
        assertTrue(SIGNED.matcher(back.json().path("playlistUrl").asText()).matches(), back.text());
        assertEquals(403, api.get("/hls/" + id + "/master.m3u8").status());

        for (String body : List.of("{\"public\": \"yes\"}", "{}", "[]", "nope", "{\"public\": true, \"status\": \"completed\"}")) {
            Api.Reply bad = api.patch("/api/v1/videos/" + id, body);
            assertEquals(400, bad.status(), body + ": " + bad.text());
        }
        assertEquals(404, api.patch("/api/v1/videos/" + UUID.randomUUID(), "{\"public\": true}").status());
    }

    @Test
    void anUploadMarkedPublicPlaysWithoutAToken() throws Exception {
        Api.Reply reply = api.upload(Clips.video(dir, "open.mp4", 320, 240, 3, false), "video", "video/mp4", "?public=true");
        assertEquals(202, reply.status(), reply.text());
        String open = reply.json().path("id").asText();
        assertEquals(app.url() + "/hls/" + open + "/master.m3u8", reply.json().path("playlistUrl").asText());
        JsonNode video = api.awaitFinished(open, TRANSCODE);
        assertEquals("completed", video.path("status").asText(), video.toString());
        assertTrue(video.path("public").asBoolean(), video.toString());
        HlsCheck.check(api, video.path("playlistUrl").asText(), false, dir);
        assertEquals(400, api.upload(Clips.video(dir, "bad.mp4", 320, 240, 1, false), "video", "video/mp4",
                "?public=maybe").status());
    }

    @Test
    void rangesAnswer206WithExactlyThoseBytes() throws Exception {
        String url = segmentUrl();
        byte[] whole = api.raw(url).body();
        assertTrue(whole.length > 2000, "a segment of " + whole.length + " bytes");

        HttpResponse<byte[]> part = api.raw(url, "Range", "bytes=100-1099");
        assertEquals(206, part.statusCode());
        assertEquals("bytes 100-1099/" + whole.length, part.headers().firstValue("Content-Range").orElse(""));
        assertEquals("1000", part.headers().firstValue("Content-Length").orElse(""));
        assertArrayEquals(Arrays.copyOfRange(whole, 100, 1100), part.body());

        HttpResponse<byte[]> tail = api.raw(url, "Range", "bytes=-500");
        assertEquals(206, tail.statusCode());
        assertArrayEquals(Arrays.copyOfRange(whole, whole.length - 500, whole.length), tail.body());

        HttpResponse<byte[]> rest = api.raw(url, "Range", "bytes=" + (whole.length - 10) + "-");
        assertEquals(206, rest.statusCode());
        assertArrayEquals(Arrays.copyOfRange(whole, whole.length - 10, whole.length), rest.body());

        HttpResponse<byte[]> past = api.raw(url, "Range", "bytes=" + whole.length + "-");
        assertEquals(416, past.statusCode());
        assertEquals("bytes */" + whole.length, past.headers().firstValue("Content-Range").orElse(""));
    }

    @Test
    void anApiWithoutAPlaybackSecretRefusesToStartOutsideDevMode() throws Exception {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> AppProcess.start("api", DB, Map.of("AETHER_PLAYBACK_SECRET", "")));
        assertTrue(refused.getMessage().contains("AETHER_PLAYBACK_SECRET must be set"), refused.getMessage());
        try (AppProcess dev = AppProcess.start("api", DB, Map.of("AETHER_PLAYBACK_SECRET", "", "AETHER_DEV", "true"))) {
            JsonNode video = new Api(dev.url()).video(id);
            Matcher m = SIGNED.matcher(video.path("playlistUrl").asText());
            assertTrue(m.matches(), video.toString());
            assertFalse(TOKENS.valid(m.group(2), id, System.currentTimeMillis() / 1000),
                    "dev mode signs with a random secret of its own");
            assertFalse(Files.readString(dev.log()).contains(m.group(2)), "tokens are not logged");
        }
        assertFalse(Files.readString(app.log()).contains(Services.PLAYBACK_SECRET), "the secret is not logged");
    }

    private String segmentUrl() throws Exception {
        String base = playlistUrl.substring(0, playlistUrl.lastIndexOf('/') + 1);
        String variant = new String(api.raw(base + "360p.m3u8").body(), StandardCharsets.UTF_8);
        String first = variant.lines().filter(l -> l.endsWith(".ts")).findFirst().orElseThrow();
        return base + first;
    }

}
