package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Captions by language: taken while the video is processed and after, refused whole when a file is
 * bad, listed in the master's SUBTITLES group, and mapped to the video's first frame, for a single
 * pass and for a chunked video (whose timeline starts at 10 s).
 */
class CaptionsTest {
    private static final int DB = 10;
    private static final Duration TRANSCODE = Duration.ofMinutes(4);
    private static final String SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello\n\n2\n00:00:03,000 --> 00:00:04,000\nBye\n";
    private static final String VTT = "WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nHallo\n";
    private static final Pattern MAP = Pattern.compile("X-TIMESTAMP-MAP=MPEGTS:(\\d+),LOCAL:00:00:00.000");
    private static AppProcess app;
    private static Api api;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        Services.freshRedis(DB).close();
        app = AppProcess.start("all", DB, Map.of("AETHER_CHUNK_SEGMENTS", "1", "AETHER_CHUNK_THRESHOLD_S", "20"));
        api = new Api(app.url());
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aSinglePassTakesCaptionsBeforeAndAfterAndRefusesBadFilesWhole() throws Exception {
        String id = upload(Clips.video(dir, "short.mp4", 320, 240, 5, true));
        String captions = "/api/v1/videos/" + id + "/captions";
        assertNotEquals("completed", api.video(id).path("status").asText(), "still processing");
        Api.Reply en = api.put(captions + "/EN", "application/x-subrip", SRT.getBytes(StandardCharsets.UTF_8));
        assertEquals(201, en.status(), en.text());
        assertEquals("en", en.json().path("lang").asText());
        assertEquals("English", en.json().path("name").asText());
        assertEquals("srt", en.json().path("format").asText());

        JsonNode done = api.awaitFinished(id, TRANSCODE);
        assertEquals("completed", done.path("status").asText(), done.toString());
        Api.Reply de = api.put(captions + "/de", "text/vtt; charset=utf-8", VTT.getBytes(StandardCharsets.UTF_8));
        assertEquals(201, de.status(), de.text());
        JsonNode list = api.get(captions).json();
        assertEquals(List.of("de", "en"), list.path("items").findValuesAsText("lang"));
        assertEquals(List.of("vtt", "srt"), list.path("items").findValuesAsText("format"));

        String masterUrl = done.path("playlistUrl").asText();
        String master = text(masterUrl);
        assertSubtitles(master, List.of("de", "en"));
        String vtt = text(sibling(masterUrl, "subs_en.vtt"));
        assertTrue(vtt.contains("00:00:01.000 --> 00:00:02.500\nHello"), vtt);
        assertEquals(firstPts(masterUrl, master), mpegts(vtt), "cue time 0 is the first video frame");
        String subsPlaylist = text(list.path("items").get(1).path("url").asText());
        assertTrue(subsPlaylist.contains("subs_en.vtt") && subsPlaylist.contains("#EXT-X-ENDLIST"), subsPlaylist);

        // bad files: 400 naming the line, and the captions of that language stay as they were
        byte[] latin1 = "1\n00:00:01,000 --> 00:00:02,000\n\u00c4rger\n".getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(api.put(captions + "/en", "application/x-subrip", latin1), "line 3", "not UTF-8");
        assertRefused(api.put(captions + "/en", "application/x-subrip",
                "1\n00:00:01.000 --> 00:00:02,000\nx\n".getBytes(StandardCharsets.UTF_8)), "line 2", "unreadable time");
        assertRefused(api.put(captions + "/en", "text/vtt", ("WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nx\n\n"
                + "00:00:01.000 --> 00:00:02.000\ny\n").getBytes(StandardCharsets.UTF_8)), "line 6", "before the one");
        assertEquals(415, api.put(captions + "/en", "text/plain", SRT.getBytes(StandardCharsets.UTF_8)).status());
        assertEquals(400, api.put(captions + "/en_US!", "text/vtt", VTT.getBytes(StandardCharsets.UTF_8)).status());
        byte[] huge = ("WEBVTT\n\n" + "x".repeat(1 << 20)).getBytes(StandardCharsets.UTF_8);
        assertEquals(413, api.put(captions + "/en", "text/vtt", huge).status());
        assertEquals(vtt, text(sibling(masterUrl, "subs_en.vtt")), "the bad files changed nothing");
        assertEquals(list, api.get(captions).json());

        Api other = new Api(app.url(), Credentials.create(app.url(), "captions-stranger"));
        assertEquals(404, other.get(captions).status());
        assertEquals(404, other.put(captions + "/fr", "text/vtt", VTT.getBytes(StandardCharsets.UTF_8)).status());
        assertEquals(404, other.delete(captions + "/en").status());

        assertEquals(204, api.delete(captions + "/de").status());
        assertEquals(404, api.delete(captions + "/de").status(), "none left in that language");
        assertSubtitles(text(masterUrl), List.of("en"));
        assertEquals(404, api.raw(sibling(masterUrl, "subs_de.m3u8")).statusCode());
        assertEquals(204, api.delete(captions + "/en").status());
        String bare = text(masterUrl);
        assertFalse(bare.contains("SUBTITLES"), "no language, no group: " + bare);
        assertEquals(201, api.put(captions + "/de", "text/vtt", VTT.getBytes(StandardCharsets.UTF_8)).status());
        assertSubtitles(text(masterUrl), List.of("de"));

        assertEquals(204, api.delete("/api/v1/videos/" + id).status());
        assertEquals(Set.of(), PipelineTest.objects("processed", id + "/"), "the captions went with the video");
    }

    @Test
    void aChunkedVideosCaptionsStartWhereItsTimelineDoes() throws Exception {
        String id = upload(Clips.video(dir, "long.mp4", 320, 240, 26, true));
        String captions = "/api/v1/videos/" + id + "/captions";
        Api.Reply early = api.put(captions + "/en-us", "application/x-subrip", SRT.getBytes(StandardCharsets.UTF_8));
        assertEquals(201, early.status(), early.text());
        assertEquals("en-US", early.json().path("lang").asText());

        JsonNode done = api.awaitFinished(id, TRANSCODE);
        assertEquals("completed", done.path("status").asText(), done.toString());
        assertTrue(done.path("chunks").asInt() >= 2, done.toString());
        String masterUrl = done.path("playlistUrl").asText();
        String master = text(masterUrl);
        assertSubtitles(master, List.of("en-US"));
        long first = firstPts(masterUrl, master);
        assertTrue(first >= 10 * 90_000, "the chunked timeline starts at 10 s: " + first);
        assertEquals(first, mpegts(text(sibling(masterUrl, "subs_en-US.vtt"))));
        JsonNode listed = api.get(captions).json().path("items").get(0);
        assertTrue(listed.path("url").asText().endsWith("/subs_en-US.m3u8"), listed.toString());
        assertEquals(204, api.delete(captions + "/en-US").status(), "removed");
        assertFalse(text(masterUrl).contains("SUBTITLES"));
    }

    private static void assertSubtitles(String master, List<String> langs) {
        for (String lang : langs) {
            assertTrue(master.contains("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"")
                    && master.contains("\",LANGUAGE=\"" + lang + "\",DEFAULT=NO,AUTOSELECT=YES,URI=\"subs_" + lang
                    + ".m3u8\"\n"), lang + " in " + master);
        }
        assertEquals(langs.size(), master.split("TYPE=SUBTITLES", -1).length - 1, master);
        long variants = master.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF:")).count();
        assertTrue(variants > 0, master);
        assertEquals(variants, master.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF:")
                && l.endsWith(",SUBTITLES=\"subs\"")).count(), "every variant names the group: " + master);
    }

    private static void assertRefused(Api.Reply reply, String line, String why) {
        assertEquals(400, reply.status(), reply.text());
        String detail = reply.json().path("detail").asText();
        assertTrue(detail.contains(line) && detail.contains(why), detail);
    }

    /** The smallest PTS of a video packet in the first segment of the first variant, as ffprobe reads it. */
    private long firstPts(String masterUrl, String master) throws Exception {
        String variant = master.lines().dropWhile(l -> !l.startsWith("#EXT-X-STREAM-INF:")).skip(1).findFirst()
                .orElseThrow();
        String playlist = text(sibling(masterUrl, variant));
        String segment = playlist.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).findFirst().orElseThrow();
        HttpResponse<byte[]> bytes = api.raw(sibling(masterUrl, segment));
        Path file = Files.write(dir.resolve("first.ts"), bytes.body());
        String packets = Tools.run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0",
                "-show_entries", "packet=pts", "-of", "csv=p=0", file.toString()));
        return packets.lines().filter(l -> !l.isBlank()).mapToLong(l -> Long.parseLong(l.trim().replace(",", "")))
                .min().orElseThrow();
    }

    private static long mpegts(String vtt) {
        Matcher m = MAP.matcher(vtt);
        assertTrue(m.find(), vtt);
        return Long.parseLong(m.group(1));
    }

    private static String sibling(String url, String name) {
        return ChunkCheck.base(url) + name;
    }

    private static String text(String url) throws Exception {
        HttpResponse<byte[]> response = api.raw(url);
        assertEquals(200, response.statusCode(), url);
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static String upload(Path clip) throws Exception {
        Api.Reply reply = api.upload(clip, "video", "video/mp4");
        assertEquals(202, reply.status(), reply.text());
        return reply.json().path("id").asText();
    }
}
