package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A segment's first PTS and CODECS read in Java, against what ffprobe reads from the same segments. */
class TsHeaderTest {
    @TempDir
    Path dir;

    @Test
    void aChunksSegmentsReadAsFfprobeReadsThem() throws Exception {
        // as a chunk writes them: x264 high profile, B-frames, the video's timeline continued 12 s in
        Path first = segments("hd", List.of("-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-frames:v", "120",
                "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-g", "60", "-output_ts_offset", "12"));
        assertSameAsFfprobe(first);
        assertTrue(TsHeader.read(Files.readAllBytes(first)).firstPts() > 12 * 90_000, "the timeline continued");
    }

    @Test
    void otherProfilesAndLevelsAndASegmentWithSound() throws Exception {
        // baseline at a small size, and main with AAC muxed in as the single pass writes its variants
        assertSameAsFfprobe(segments("base", List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
                "-frames:v", "50", "-c:v", "libx264", "-profile:v", "baseline", "-level", "3.0")));
        assertSameAsFfprobe(segments("main", List.of("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440", "-frames:v", "60", "-t", "2", "-c:v", "libx264",
                "-profile:v", "main", "-c:a", "aac")));
    }

    @Test
    void refusesWhatIsNotAVideoSegment() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> TsHeader.read("#EXTM3U\n".repeat(40).getBytes()));
        Path sound = segments("sound", List.of("-f", "lavfi", "-i", "sine=frequency=440", "-t", "2", "-c:a", "aac"));
        assertThrows(IllegalArgumentException.class, () -> TsHeader.read(Files.readAllBytes(sound)));
        // cut before the first frame's parameter sets
        assertThrows(IllegalArgumentException.class, () -> TsHeader.read(new byte[0]));
    }

    private void assertSameAsFfprobe(Path segment) throws Exception {
        JsonNode stream = Json.MAPPER.readTree(run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0",
                "-show_entries", "stream=profile,level,start_pts", "-print_format", "json", segment.toString())))
                .path("streams").path(0);
        TsHeader header = TsHeader.read(Files.readAllBytes(segment));
        assertEquals(stream.path("start_pts").asLong(), header.firstPts(), segment.toString());
        assertEquals(Playlists.avc1(stream.path("profile").asText(), stream.path("level").asInt()), header.codecs());
        // the first 64 kB, as the worker reads them, give the same
        byte[] all = Files.readAllBytes(segment);
        assertEquals(header, TsHeader.read(java.util.Arrays.copyOf(all, Math.min(all.length, 64 * 1024))));
    }

    /** HLS of the given input and encode options; its first segment. */
    private Path segments(String name, List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-loglevel", "error", "-y"));
        command.addAll(options);
        command.addAll(List.of("-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod", "-hls_segment_type", "mpegts",
                "-hls_segment_filename", dir.resolve(name + "_%03d.ts").toString(), dir.resolve(name + ".m3u8").toString()));
        run(command);
        return dir.resolve(name + "_000.ts");
    }

    private static String run(List<String> command) throws Exception {
        java.io.File log = java.io.File.createTempFile("ts-header", ".log");
        log.deleteOnExit();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        String out = Files.readString(log.toPath());
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
