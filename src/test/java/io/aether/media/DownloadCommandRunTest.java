package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs Debian's ffmpeg on segments cut the way the worker cuts them (video and audio in separate
 * runs, both on a timeline that starts at 10 s): the download and the storyboard sheet made from them.
 */
class DownloadCommandRunTest {
    @TempDir
    Path tmp;
    private List<Path> video;
    private List<Path> audio;

    private String run(List<String> command) throws Exception {
        Path log = tmp.resolve("run.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "timed out: " + command);
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), command + "\n" + out);
        return out;
    }

    private List<Path> segments(String prefix, String... encode) throws Exception {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        command.addAll(List.of(encode));
        command.addAll(List.of("-output_ts_offset", "10", "-f", "hls", "-hls_time", "10", "-hls_playlist_type", "vod",
                "-hls_segment_filename", tmp.resolve(prefix + "_%03d.ts").toString(), tmp.resolve(prefix + ".m3u8").toString()));
        run(command);
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().matches(prefix + "_\\d+\\.ts")).sorted().toList();
        }
    }

    @BeforeEach
    void encode() throws Exception {
        video = segments("v", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=25", "-c:v", "libx264",
                "-preset", "ultrafast", "-g", "60", "-sc_threshold", "0", "-an");
        audio = segments("a", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=25", "-c:a", "aac");
        assertEquals(3, video.size());
    }

    private JsonNode probe(Path file) throws Exception {
        return Json.MAPPER.readTree(run(List.of("ffprobe", "-v", "error", "-print_format", "json", "-show_format",
                "-show_streams", file.toString())));
    }

    @Test
    void anMp4OfTheWholeVideoWithItsIndexFirst() throws Exception {
        Path mp4 = tmp.resolve("download.mp4");
        run(DownloadCommand.mp4("ffmpeg", video, audio, mp4));
        JsonNode info = probe(mp4);
        assertEquals(25.0, info.path("format").path("duration").asDouble(), 0.2);
        List<String> kinds = new ArrayList<>();
        for (JsonNode s : info.path("streams")) {
            kinds.add(s.path("codec_type").asText());
            assertEquals(0.0, s.path("start_time").asDouble(), 0.05, "starts at 0, together: " + s);
        }
        assertEquals(List.of("video", "audio"), kinds);
        String head = new String(Files.readAllBytes(mp4), 0, 4096, StandardCharsets.ISO_8859_1);
        assertTrue(head.indexOf("moov") > 0 && (head.indexOf("mdat") < 0 || head.indexOf("moov") < head.indexOf("mdat")),
                "moov before mdat");
    }

    @Test
    void anM4aOfTheAudioAlone() throws Exception {
        Path m4a = tmp.resolve("download.m4a");
        run(DownloadCommand.mp4("ffmpeg", List.of(), audio, m4a));
        JsonNode info = probe(m4a);
        assertEquals(1, info.path("streams").size());
        assertEquals("aac", info.path("streams").get(0).path("codec_name").asText());
        assertEquals(25.0, info.path("format").path("duration").asDouble(), 0.2);
    }

    @Test
    void aStoryboardSheetHasATileForEachIntervalOfItsPart() throws Exception {
        Path sheet = tmp.resolve("sheet-1.jpg");
        // the second segment is the part [10, 20): five tiles of 160x90 in one row
        run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", video.get(1).toString(), "-vf",
                Storyboard.filter(10, 20, 2, Storyboard.tileHeight(640, 360)), "-frames:v", "1", "-q:v", "4",
                sheet.toString()));
        JsonNode image = probe(sheet).path("streams").get(0);
        assertEquals(800, image.path("width").asInt());
        assertEquals(90, image.path("height").asInt());
    }

    @Test
    void aThumbnailShowsTheFrameOfItsTime() throws Exception {
        Thumbnail at = Thumbnail.of("jpg", "12.5", "320", 25, 640);
        Thumbnail.Cut cut = at.find(List.of(new Playlists.Segment("v_000.ts", 10, 0),
                new Playlists.Segment("v_001.ts", 10, 0), new Playlists.Segment("v_002.ts", 5, 0)));
        Path jpg = tmp.resolve("at.jpg");
        run(at.command("ffmpeg", tmp.resolve(cut.segment().name()), cut.offset(), jpg));
        JsonNode image = probe(jpg).path("streams").get(0);
        assertEquals("mjpeg", image.path("codec_name").asText());
        assertEquals(320, image.path("width").asInt());
        assertEquals(180, image.path("height").asInt());
        // testsrc2 draws a moving pattern: the same time from the source matches, three seconds later does not
        assertTrue(psnr(jpg, reference(12.5)) > psnr(jpg, reference(15.5)) + 3);

        Path webp = tmp.resolve("at.webp");
        Thumbnail w = Thumbnail.of("webp", "3", "160", 25, 640);
        run(w.command("ffmpeg", video.get(0), 3, webp));
        assertEquals("webp", probe(webp).path("streams").get(0).path("codec_name").asText());
    }

    private Path reference(double time) throws Exception {
        Path png = tmp.resolve("ref-" + time + ".png");
        run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=640x360:rate=30:duration=25", "-ss", Double.toString(time), "-frames:v", "1",
                "-vf", "scale=320:-2", png.toString()));
        return png;
    }

    private double psnr(Path a, Path b) throws Exception {
        String out = run(List.of("ffmpeg", "-nostdin", "-hide_banner", "-i", a.toString(), "-i", b.toString(),
                "-lavfi", "[0:v]format=yuv420p[x];[1:v]format=yuv420p[y];[x][y]psnr", "-f", "null", "-"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("average:([0-9.]+|inf)").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1).equals("inf") ? 100 : Double.parseDouble(m.group(1));
    }
}
