package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StatsLogTest {
    private static final String PSNR = """
            n:1 mse_avg:66.69 mse_y:57.61 mse_u:67.13 mse_v:102.58 psnr_avg:29.89 psnr_y:30.53 psnr_u:29.86 psnr_v:28.02
            n:2 mse_avg:0.00 mse_y:0.00 mse_u:0.00 mse_v:0.00 psnr_avg:inf psnr_y:inf psnr_u:inf psnr_v:inf
            """;
    private static final String SSIM = """
            n:1 Y:0.604832 U:0.628664 V:0.621418 All:0.611568 (4.106852)
            n:2 Y:1.000000 U:1.000000 V:1.000000 All:1.000000 (inf)
            """;

    @Test
    void readsLumaPsnrAndSsimPerFrameWithoutVmaf() throws Exception {
        QualityPool pool = StatsLog.read(PSNR, SSIM);
        assertEquals(2, pool.frames());
        assertFalse(pool.hasVmaf());
        // an identical frame's infinite PSNR counts as 100 dB
        assertEquals((30.53 + 100) / 2, pool.psnr(), 0.01);
        assertEquals((0.604832 + 1) / 2, pool.ssim(), 0.0001);
    }

    @Test
    void statsThatDisagreeOrLackTheirFieldAreRefused() {
        assertThrows(InvalidMediaException.class, () -> StatsLog.read(PSNR, "n:1 Y:0.9 U:0.9 V:0.9 All:0.9 (1)\n"));
        assertThrows(InvalidMediaException.class, () -> StatsLog.read("n:1 mse_avg:1\n", "n:1 Y:0.9\n"));
        assertThrows(InvalidMediaException.class, () -> StatsLog.read("", ""));
    }
}
