package io.aether.media;

import java.util.Arrays;

/**
 * Per-frame quality scores of one rendition, pooled so that parts measured apart (the chunks of a
 * video, each on its own worker) add up to the figures of the whole: VMAF is kept as a histogram of
 * 0.1-point bins, so the mean is exact and the 5th percentile and minimum are within 0.1 point, in a
 * fixed 8 KiB whatever the length of the video.
 */
public final class QualityPool {
    private static final int BINS = 1001; // 0.0 .. 100.0 in steps of 0.1

    private final long[] vmafBins;
    private double vmafSum;
    private double psnrSum;
    private double ssimSum;
    private long frames;

    public QualityPool() {
        this(new long[BINS], 0, 0, 0, 0);
    }

    private QualityPool(long[] bins, double vmafSum, double psnrSum, double ssimSum, long frames) {
        this.vmafBins = bins;
        this.vmafSum = vmafSum;
        this.psnrSum = psnrSum;
        this.ssimSum = ssimSum;
        this.frames = frames;
    }

    /** One frame's scores: VMAF (0–100), PSNR of luma in dB, SSIM (0–1). */
    public void add(double vmaf, double psnrY, double ssim) {
        if (!Double.isFinite(vmaf) || !Double.isFinite(psnrY) || !Double.isFinite(ssim)) {
            throw new IllegalArgumentException("a frame's scores must be numbers, got vmaf=" + vmaf
                    + " psnr=" + psnrY + " ssim=" + ssim);
        }
        double clamped = Math.max(0, Math.min(100, vmaf));
        // the bin below: a percentile is then never above the frames it stands for (nor the mean of one frame)
        vmafBins[(int) Math.floor(clamped * 10)]++;
        vmafSum += clamped;
        psnrSum += psnrY;
        ssimSum += ssim;
        frames++;
    }

    /**
     * One frame scored without VMAF (an ffmpeg without libvmaf). A pool holding such frames gives no
     * VMAF figures (see {@link #hasVmaf}), never ones from part of the video.
     */
    public void addWithoutVmaf(double psnrY, double ssim) {
        if (!Double.isFinite(psnrY) || !Double.isFinite(ssim)) {
            throw new IllegalArgumentException("a frame's scores must be numbers, got psnr=" + psnrY + " ssim=" + ssim);
        }
        psnrSum += psnrY;
        ssimSum += ssim;
        frames++;
    }

    /** Whether every frame has a VMAF score. */
    public boolean hasVmaf() {
        return frames > 0 && Arrays.stream(vmafBins).sum() == frames;
    }

    /** Mean luma PSNR in dB, 2 decimals. */
    public double psnr() {
        return round(psnrSum / frames);
    }

    /** Mean SSIM, 4 decimals. */
    public double ssim() {
        return Math.round(ssimSum / frames * 10_000) / 10_000.0;
    }

    /** Adds another part's frames to this one. */
    public void merge(QualityPool other) {
        for (int i = 0; i < BINS; i++) {
            vmafBins[i] += other.vmafBins[i];
        }
        vmafSum += other.vmafSum;
        psnrSum += other.psnrSum;
        ssimSum += other.ssimSum;
        frames += other.frames;
    }

    public long frames() {
        return frames;
    }

    /** The pooled figures; a pool without frames has none to give. */
    public Quality quality(String model) {
        if (!hasVmaf()) {
            throw new IllegalStateException(frames == 0 ? "no frame was measured" : "not every frame has a VMAF score");
        }
        return new Quality(model, round(vmafSum / frames), percentile(5), percentile(0), psnr(), ssim(), frames);
    }

    /** The lowest score at or above which {@code 100 - p} percent of the frames lie (p = 0: the minimum). */
    private double percentile(double p) {
        long rank = Math.max(1, (long) Math.ceil(frames * p / 100.0));
        long seen = 0;
        for (int i = 0; i < BINS; i++) {
            seen += vmafBins[i];
            if (seen >= rank) {
                return i / 10.0;
            }
        }
        throw new IllegalStateException("unreachable: " + frames + " frames counted");
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** The compact form stored beside a chunk: frames, sums, then the non-empty bins as index:count. */
    public String encode() {
        StringBuilder out = new StringBuilder();
        out.append(frames).append(' ').append(vmafSum).append(' ').append(psnrSum).append(' ').append(ssimSum);
        for (int i = 0; i < BINS; i++) {
            if (vmafBins[i] > 0) {
                out.append(' ').append(i).append(':').append(vmafBins[i]);
            }
        }
        return out.toString();
    }

    public static QualityPool decode(String text) {
        String[] parts = text.trim().split(" ");
        if (parts.length < 4) {
            throw new IllegalArgumentException("not a quality pool: " + text);
        }
        long[] bins = new long[BINS];
        for (int i = 4; i < parts.length; i++) {
            int colon = parts[i].indexOf(':');
            bins[Integer.parseInt(parts[i].substring(0, colon))] = Long.parseLong(parts[i].substring(colon + 1));
        }
        long frames = Long.parseLong(parts[0]);
        if (Arrays.stream(bins).sum() > frames) {
            throw new IllegalArgumentException("a quality pool with more VMAF scores than its " + frames + " frames");
        }
        return new QualityPool(bins, Double.parseDouble(parts[1]), Double.parseDouble(parts[2]),
                Double.parseDouble(parts[3]), frames);
    }
}
