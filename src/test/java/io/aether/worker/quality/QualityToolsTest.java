package io.aether.worker.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which ffmpeg measures, decided from the real binaries: Debian's (no libvmaf) and the pinned one. */
class QualityToolsTest {
    private static final String DEBIAN = "/usr/bin/ffmpeg";

    @TempDir
    Path tmp;

    @Test
    void thePinnedBuildMeasuresVmafAndIsFoundWhereTheScriptPutsIt() throws Exception {
        Process p = new ProcessBuilder("scripts/ffmpeg-vmaf").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES));
        String installed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        Path toolsDir = Path.of(installed).getParent().getParent();
        assertEquals(installed, QualityTools.configured("", toolsDir.toString()));
        QualityTools tools = QualityTools.find(new QualitySettings(installed, true, 29, 29, 0.5), DEBIAN);
        assertTrue(tools.vmaf());
        assertEquals(installed, tools.ffmpeg());
        assertEquals("", tools.reason());
    }

    @Test
    void withoutLibvmafPsnrAndSsimAreMeasuredAndTheReasonKept() {
        QualityTools debian = QualityTools.find(new QualitySettings(DEBIAN, true, 29, 29, 0.5), DEBIAN);
        assertFalse(debian.vmaf());
        assertEquals(DEBIAN, debian.ffmpeg());
        assertEquals("the worker's ffmpeg has no libvmaf filter", debian.reason());

        QualityTools none = QualityTools.find(new QualitySettings(QualityTools.configured("", tmp.toString()), true,
                29, 29, 0.5), DEBIAN);
        assertEquals(DEBIAN, none.ffmpeg());
        assertTrue(none.reason().startsWith("no ffmpeg with libvmaf configured"), none.reason());

        QualityTools broken = QualityTools.find(new QualitySettings(tmp.resolve("missing").toString(), true, 29, 29,
                0.5), DEBIAN);
        assertFalse(broken.vmaf());
        assertEquals(DEBIAN, broken.ffmpeg(), "falls back to the encoding ffmpeg for PSNR and SSIM");
        assertTrue(broken.reason().contains("does not run"), broken.reason());

        assertEquals("measurement turned off",
                QualityTools.find(new QualitySettings(DEBIAN, false, 29, 29, 0.5), DEBIAN).reason());
    }
}
