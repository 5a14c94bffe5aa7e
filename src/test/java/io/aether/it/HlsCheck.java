package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;

/** Fetches a ladder through the API like a player would and checks every segment with ffprobe. */
public final class HlsCheck {
    private static final Pattern STREAM_INF = Pattern.compile("#EXT-X-STREAM-INF:(.*)\\R(\\S+)");
    private static final Pattern EXTINF = Pattern.compile("#EXTINF:([0-9.]+),\\R(\\S+)");
    private static final double SEGMENT_TOLERANCE = 0.5;

    public record Variant(String playlist, String resolution, List<Double> durations) {
    }

    private HlsCheck() {
    }

    /** Checks the master playlist and every segment of every variant, and returns the variants. */
    public static List<Variant> check(Api api, String masterUrl, boolean audio, Path scratch) throws Exception {
        HttpResponse<byte[]> master = api.raw(masterUrl);
        assertEquals(200, master.statusCode(), "master playlist");
        assertEquals("application/vnd.apple.mpegurl", master.headers().firstValue("Content-Type").orElse(""));
        assertEquals("*", master.headers().firstValue("Access-Control-Allow-Origin").orElse(""), "CORS for players");
        String text = new String(master.body());
        String base = ChunkCheck.base(masterUrl);
        List<Variant> variants = new ArrayList<>();
        Matcher m = STREAM_INF.matcher(text);
        while (m.find()) {
            String attributes = m.group(1);
            assertTrue(attributes.contains("BANDWIDTH="), attributes);
            assertTrue(attributes.contains("CODECS=\"avc1."), attributes);
            assertEquals(audio, attributes.contains("mp4a.40.2"), attributes);
            Matcher res = Pattern.compile("RESOLUTION=(\\d+x\\d+)").matcher(attributes);
            assertTrue(res.find(), attributes);
            variants.add(checkVariant(api, base, m.group(2), res.group(1), audio, scratch));
        }
        assertFalse(variants.isEmpty(), "master playlist lists no variants:\n" + text);
        return variants;
    }

    private static Variant checkVariant(Api api, String base, String playlist, String resolution, boolean audio,
            Path scratch) throws Exception {
        HttpResponse<byte[]> response = api.raw(base + playlist);
        assertEquals(200, response.statusCode(), playlist);
        String text = new String(response.body());
        assertTrue(text.contains("#EXT-X-PLAYLIST-TYPE:VOD"), playlist + " is not a VOD playlist");
        assertTrue(text.contains("#EXT-X-ENDLIST"), playlist + " has no end");
        List<Double> durations = new ArrayList<>();
        Matcher m = EXTINF.matcher(text);
        while (m.find()) {
            double duration = Double.parseDouble(m.group(1));
            durations.add(duration);
            assertTrue(duration <= 10 + SEGMENT_TOLERANCE, playlist + " has a segment of " + duration + " s");
            checkSegment(api, base + m.group(2), resolution, audio, scratch.resolve(m.group(2)));
        }
        assertFalse(durations.isEmpty(), playlist + " lists no segments");
        return new Variant(playlist, resolution, durations);
    }

    private static void checkSegment(Api api, String url, String resolution, boolean audio, Path file) throws Exception {
        HttpResponse<byte[]> segment = api.raw(url);
        assertEquals(200, segment.statusCode(), url);
        assertEquals("video/mp2t", segment.headers().firstValue("Content-Type").orElse(""), url);
        Files.write(file, segment.body());
        JsonNode probe = Json.MAPPER.readTree(Tools.run(List.of("ffprobe", "-v", "error", "-print_format", "json",
                "-show_streams", file.toString())));
        boolean hasAudio = false;
        for (JsonNode stream : probe.path("streams")) {
            if (stream.path("codec_type").asText().equals("video")) {
                assertEquals("h264", stream.path("codec_name").asText(), url);
                assertEquals(resolution, stream.path("width").asInt() + "x" + stream.path("height").asInt(), url);
            }
            hasAudio |= stream.path("codec_type").asText().equals("audio");
        }
        assertEquals(audio, hasAudio, url + " audio");
        String first = Tools.run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-read_intervals", "%+#1",
                "-show_entries", "frame=key_frame,pict_type", "-of", "csv=p=0", file.toString())).trim();
        assertTrue(first.startsWith("1,I"), url + " does not start with a keyframe: " + first);
        String decodeErrors = Tools.run(List.of("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-"));
        assertEquals("", decodeErrors.trim(), url + " does not decode cleanly");
    }
}
