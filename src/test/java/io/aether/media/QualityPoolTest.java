package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QualityPoolTest {

    @Test
    void poolsMeanLowPercentileAndMinimum() {
        QualityPool pool = new QualityPool();
        for (int i = 0; i < 95; i++) {
            pool.add(95.0, 40.0, 0.98);
        }
        for (int i = 0; i < 5; i++) {
            pool.add(60.0 + i, 30.0, 0.90);
        }
        Quality q = pool.quality("vmaf_v0.6.1");
        assertEquals((95 * 95.0 + 60 + 61 + 62 + 63 + 64) / 100, q.vmafMean(), 0.01);
        assertEquals(64.0, q.vmafP5(), 0.05, "the 5th of 100 frames from the bottom");
        assertEquals(60.0, q.vmafMin(), 0.05);
        assertEquals(39.5, q.psnr(), 0.01);
        assertEquals(0.976, q.ssim(), 0.0001);
        assertEquals(100, q.frames());
    }

    @Test
    void partsMeasuredApartPoolLikeTheWhole() {
        QualityPool whole = new QualityPool();
        QualityPool first = new QualityPool();
        QualityPool second = new QualityPool();
        for (int i = 0; i < 300; i++) {
            double vmaf = 70 + (i * 37 % 300) / 10.0;
            whole.add(vmaf, 35 + i % 7, 0.95);
            (i < 120 ? first : second).add(vmaf, 35 + i % 7, 0.95);
        }
        QualityPool merged = QualityPool.decode(first.encode());
        merged.merge(QualityPool.decode(second.encode()));
        assertEquals(whole.quality("m"), merged.quality("m"));
    }

    @Test
    void refusesWhatIsNotAScore() {
        QualityPool pool = new QualityPool();
        assertThrows(IllegalArgumentException.class, () -> pool.add(Double.NaN, 30, 0.9));
        assertThrows(IllegalStateException.class, () -> pool.quality("m"));
        assertThrows(IllegalArgumentException.class, () -> QualityPool.decode("1 1.0 1.0 1.0 10:2"));
        assertThrows(IllegalArgumentException.class, () -> pool.addWithoutVmaf(Double.POSITIVE_INFINITY, 0.9));
    }

    @Test
    void framesWithoutVmafGiveNoVmafFiguresButKeepTheirPsnrAndSsim() {
        QualityPool pool = new QualityPool();
        pool.add(90, 40, 0.98);
        pool.addWithoutVmaf(30, 0.90);
        QualityPool decoded = QualityPool.decode(pool.encode());
        assertEquals(2, decoded.frames());
        assertEquals(false, decoded.hasVmaf());
        assertThrows(IllegalStateException.class, () -> decoded.quality("m"));
        assertEquals(35.0, decoded.psnr());
        assertEquals(0.94, decoded.ssim());
    }
}
