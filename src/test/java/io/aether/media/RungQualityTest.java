package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RungQualityTest {
    private static QualityPool pool(double... vmafs) {
        QualityPool pool = new QualityPool();
        for (double v : vmafs) {
            pool.add(v, 40, 0.98);
        }
        return pool;
    }

    @Test
    void chunksPoolIntoTheWholeRung() {
        RungQuality a = RungQuality.measured(30, pool(90, 92), null);
        RungQuality b = RungQuality.measured(30, pool(70, 96), null);
        Map<String, Object> view = RungQuality.pool(List.of(a, b)).view();
        @SuppressWarnings("unchecked")
        Map<String, Object> vmaf = (Map<String, Object>) view.get("vmaf");
        assertEquals(87.0, vmaf.get("mean"));
        assertEquals(70.0, vmaf.get("min"));
        assertEquals(70.0, vmaf.get("p5"));
        assertEquals("vmaf_v0.6.1", vmaf.get("model"));
        assertEquals(40.0, view.get("psnr"));
        assertEquals(0.98, view.get("ssim"));
        assertEquals(4L, view.get("frames"));
        assertEquals(30, view.get("sampleEvery"));
        assertEquals(87.0, RungQuality.pool(List.of(a, b)).vmafMean());
    }

    @Test
    void withoutVmafTheRecordSaysWhyAndStillGivesPsnrAndSsim() {
        QualityPool scored = new QualityPool();
        scored.addWithoutVmaf(35, 0.95);
        RungQuality noVmaf = RungQuality.measured(30, scored, "the worker's ffmpeg has no libvmaf filter");
        // one chunk without VMAF: the rung has none, never a figure of part of the video
        Map<String, Object> view = RungQuality.pool(List.of(RungQuality.measured(30, pool(90), null), noVmaf)).view();
        assertNull(view.get("vmaf"));
        assertEquals("the worker's ffmpeg has no libvmaf filter", view.get("vmafUnavailable"));
        assertEquals(37.5, view.get("psnr"));
        assertEquals(2L, view.get("frames"));
        assertNull(RungQuality.pool(List.of(noVmaf)).vmafMean());
    }

    @Test
    void aPartNotMeasuredLeavesTheRungWithoutFiguresAndTheReason() {
        RungQuality off = RungQuality.failed(30, "measurement turned off");
        Map<String, Object> view = RungQuality.pool(List.of(RungQuality.measured(30, pool(90), null), off)).view();
        assertNull(view.get("vmaf"));
        assertEquals("measurement turned off", view.get("vmafUnavailable"));
        assertNull(view.get("psnr"));
        assertNull(view.get("ssim"));
        assertEquals(0L, view.get("frames"));
    }
}
