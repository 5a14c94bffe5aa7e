package io.aether.media;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the per-frame stats files of ffmpeg's {@code psnr} and {@code ssim} filters, what an ffmpeg
 * without libvmaf (Debian's) can measure, into a {@link QualityPool} without VMAF.
 */
public final class StatsLog {
    private StatsLog() {
    }

    /** Frame by frame: psnr's {@code psnr_y:} and ssim's {@code Y:} (luma, like libvmaf's psnr_y and float_ssim). */
    public static QualityPool read(String psnrStats, String ssimStats) throws InvalidMediaException {
        List<Double> psnr = values(psnrStats, "psnr_y:");
        List<Double> ssim = values(ssimStats, "Y:");
        if (psnr.isEmpty() || psnr.size() != ssim.size()) {
            throw new InvalidMediaException("the psnr and ssim stats scored " + psnr.size() + " and " + ssim.size()
                    + " frames");
        }
        QualityPool pool = new QualityPool();
        for (int i = 0; i < psnr.size(); i++) {
            pool.addWithoutVmaf(psnr.get(i), ssim.get(i));
        }
        return pool;
    }

    private static List<Double> values(String stats, String key) throws InvalidMediaException {
        List<Double> out = new ArrayList<>();
        for (String line : stats.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String value = null;
            for (String field : line.trim().split(" ")) {
                if (field.startsWith(key)) {
                    value = field.substring(key.length());
                }
            }
            if (value == null) {
                throw new InvalidMediaException("a stats line without " + key + " " + line);
            }
            // identical frames: psnr says "inf", which no mean can take; counted as 100 dB instead
            out.add(value.equals("inf") ? 100.0 : Double.parseDouble(value));
        }
        return out;
    }
}
