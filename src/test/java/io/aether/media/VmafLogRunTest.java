package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the pinned ffmpeg with libvmaf (installed by scripts/ffmpeg-vmaf) on a real encode, so that
 * the log's spelling is the one this build writes and the pooling agrees with libvmaf's own.
 */
class VmafLogRunTest {
    private static String ffmpeg;

    @TempDir
    Path tmp;

    @BeforeAll
    static void install() throws Exception {
        ffmpeg = io.aether.it.Tools.vmafFfmpeg();
    }

    private void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("run.log").toFile()).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "timed out: " + List.of(command));
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("run.log")));
    }

    @Test
    void poolsTheLogAsLibvmafDoesAndTellsBadFromGood() throws Exception {
        String source = tmp.resolve("source.mkv").toString();
        run(ffmpeg, "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=3",
                "-c:v", "libx264", "-qp", "0", source);
        Quality good = measure(source, 20);
        Quality bad = measure(source, 45);
        assertTrue(good.vmafMean() > bad.vmafMean() + 10, good + " against " + bad);
        assertTrue(good.psnr() > bad.psnr() && good.ssim() > bad.ssim(), good + " against " + bad);
        assertEquals(74, good.frames(), "75 frames but the first");
        assertTrue(good.vmafMin() <= good.vmafP5() && good.vmafP5() <= good.vmafMean(), good.toString());
    }

    private Quality measure(String source, int crf) throws Exception {
        Path encoded = tmp.resolve("crf" + crf + ".mp4");
        Path log = tmp.resolve("crf" + crf + ".json");
        run(ffmpeg, "-v", "error", "-i", source, "-c:v", "libx264", "-crf", Integer.toString(crf), encoded.toString());
        run(ffmpeg, "-v", "error", "-i", encoded.toString(), "-i", source, "-lavfi",
                "[0:v][1:v]libvmaf=log_fmt=json:log_path=" + log + ":feature=name=psnr|name=float_ssim",
                "-f", "null", "-");
        String json = Files.readString(log);
        Quality q = VmafLog.read(json).quality("vmaf_v0.6.1");
        // libvmaf's own pooling counts the first frame, scored without motion; ours leaves it out
        JsonNode frames = Json.MAPPER.readTree(json).path("frames");
        double vmaf = 0;
        double psnr = 0;
        double min = 100;
        for (int i = 1; i < frames.size(); i++) {
            JsonNode m = frames.get(i).path("metrics");
            vmaf += m.path("vmaf").asDouble();
            psnr += m.path("psnr_y").asDouble();
            min = Math.min(min, m.path("vmaf").asDouble());
        }
        assertEquals(frames.size() - 1, q.frames());
        assertEquals(vmaf / (frames.size() - 1), q.vmafMean(), 0.01);
        assertTrue(q.vmafMin() <= min && q.vmafMin() > min - 0.1, q + " against a minimum of " + min);
        assertEquals(psnr / (frames.size() - 1), q.psnr(), 0.01);
        return q;
    }

    @Test
    void aLogWithoutTheFeaturesIsRefusedWithTheReason() {
        InvalidMediaException e = assertThrows(InvalidMediaException.class,
                () -> VmafLog.read("{\"frames\":[{\"frameNum\":0,\"metrics\":{\"vmaf\":90.0}}]}"));
        assertTrue(e.getMessage().contains("psnr_y"), e.getMessage());
        assertThrows(InvalidMediaException.class, () -> VmafLog.read("{\"frames\":[]}"));
        assertThrows(InvalidMediaException.class, () -> VmafLog.read("{\"frames\":[{\"frameNum\":0,\"metrics\":"
                + "{\"vmaf\":90.0,\"psnr_y\":40,\"float_ssim\":0.9}},{\"frameNum\":1,\"metrics\":{\"vmaf\":90.0}}]}"));
        assertThrows(InvalidMediaException.class, () -> VmafLog.read("not json"));
    }
}
