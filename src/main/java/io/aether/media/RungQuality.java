package io.aether.media;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One rung's measurement by one job (a chunk, or the single pass), as stored until the video is
 * pooled, and the pooled figure of the whole rung. Exactly one of: VMAF with PSNR and SSIM
 * ({@code pool} only), PSNR and SSIM without VMAF ({@code pool} and {@code noVmaf}, the reason), or
 * nothing measurable ({@code failed}, the reason).
 *
 * @param every every Nth frame was scored
 * @param pool {@link QualityPool#encode()}, null when nothing was measured
 */
public record RungQuality(int every, String pool, String noVmaf, String failed) {

    public static RungQuality measured(int every, QualityPool pool, String noVmaf) {
        return new RungQuality(every, pool.encode(), noVmaf == null || noVmaf.isEmpty() ? null : noVmaf, null);
    }

    public static RungQuality failed(int every, String reason) {
        return new RungQuality(every, null, null, reason);
    }

    /**
     * The parts of one rung pooled into the whole: a part that could not be measured makes the rung
     * not measured (its reason), a part without VMAF makes the rung without VMAF; the sampling named
     * is the coarsest of the parts.
     */
    public static RungQuality pool(List<RungQuality> parts) {
        if (parts.isEmpty()) {
            return failed(1, "no part of the video was measured");
        }
        int every = parts.stream().mapToInt(RungQuality::every).max().orElse(1);
        QualityPool all = new QualityPool();
        String noVmaf = null;
        for (RungQuality part : parts) {
            if (part.failed() != null) {
                return failed(every, part.failed());
            }
            all.merge(QualityPool.decode(part.pool()));
            noVmaf = noVmaf != null ? noVmaf : part.noVmaf();
        }
        return measured(every, all, noVmaf);
    }

    /** VMAF mean of the rung, when it has one. */
    public Double vmafMean() {
        QualityPool decoded = pool == null ? null : QualityPool.decode(pool);
        return decoded != null && decoded.hasVmaf() && noVmaf == null ? decoded.quality(QualityCommand.MODEL).vmafMean()
                : null;
    }

    /** The record's {@code quality} of a rung (docs/quality.md): never a number that was not measured. */
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        QualityPool decoded = pool == null ? null : QualityPool.decode(pool);
        if (decoded != null && decoded.hasVmaf() && noVmaf == null) {
            Quality q = decoded.quality(QualityCommand.MODEL);
            Map<String, Object> vmaf = new LinkedHashMap<>();
            vmaf.put("mean", q.vmafMean());
            vmaf.put("p5", q.vmafP5());
            vmaf.put("min", q.vmafMin());
            vmaf.put("model", q.model());
            view.put("vmaf", vmaf);
        } else {
            view.put("vmaf", null);
            view.put("vmafUnavailable", failed != null ? failed : noVmaf != null ? noVmaf
                    : "not every frame has a VMAF score");
        }
        boolean scored = decoded != null && decoded.frames() > 0;
        view.put("psnr", scored ? decoded.psnr() : null);
        view.put("ssim", scored ? decoded.ssim() : null);
        view.put("frames", scored ? decoded.frames() : 0L);
        view.put("sampleEvery", every);
        return view;
    }
}
