package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The thumbnail's ffmpeg run on a real TS segment like the ladder's (a timeline not at 0, a keyframe every 2 s). */
class ThumbnailRunTest {
    @TempDir
    Path dir;

    static String run(Path dir, List<String> command) throws Exception {
        Path log = dir.resolve("run.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), command + "\n" + Files.readString(log));
        return Files.readString(log);
    }

    private Path segment() throws Exception {
        Path ts = dir.resolve("480p_00003.ts");
        run(dir, List.of("ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=854x480:rate=30",
                "-frames:v", "300", "-c:v", "libx264", "-preset", "ultrafast", "-g", "60",
                "-output_ts_offset", "40", "-f", "mpegts", ts.toString()));
        return ts;
    }

    private String probe(Path image) throws Exception {
        return run(dir, List.of("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height",
                "-of", "csv=p=0", image.toString())).trim();
    }

    @Test
    void aFramePastTheSegmentsLastKeyframeIsFoundAtTheAskedWidth() throws Exception {
        Path ts = segment();
        // 9.5 s in: after the keyframe at 8 s, where a seek before -i finds nothing
        Thumbnail jpeg = Thumbnail.of("jpg", "39.5", "320", 40, 854);
        Path out = dir.resolve("a.jpg");
        run(dir, jpeg.command("ffmpeg", ts, 9.5, out));
        assertEquals("mjpeg,320,180", probe(out));
    }

    @Test
    void webpIsAStillImage() throws Exception {
        Path ts = segment();
        Thumbnail webp = Thumbnail.of("webp", "1", "200", 40, 854);
        Path out = dir.resolve("a.webp");
        run(dir, webp.command("ffmpeg", ts, 1, out));
        assertEquals("webp,200,112", probe(out));
    }
}
