package io.aether.media;

import java.util.List;

/**
 * How densely a per-title video's rungs are measured, decided once from its trial encodes (docs/quality.md,
 * Sampling). A sampled mean misses the mean of every frame by about the frames' spread over the root of
 * how many are scored, so a video whose frames score alike needs few of them and one whose frames
 * spread widely needs many: the sparsest sampling, one frame in every N, whose standard error
 * {@code spread * sqrt(N / frames)} stays within {@code error}, between the densest and the sparsest
 * allowed. The trials' own frames give the spread; the samples are stratified (one in every block),
 * which makes the real error smaller still.
 *
 * @param densest one in every this many at most (AETHER_QUALITY_SAMPLE_EVERY): for widely spread frames, and
 *     whenever nothing says how they spread
 * @param sparsest one in every this many at least (AETHER_QUALITY_SAMPLE_EVERY_MAX)
 * @param error the standard error of the pooled VMAF mean allowed, in VMAF points (AETHER_QUALITY_SAMPLE_ERROR)
 */
public record SampleDensity(int densest, int sparsest, double error) {
    public SampleDensity {
        if (densest < 1 || sparsest < densest || !(error > 0)) {
            throw new IllegalArgumentException("need 1 <= AETHER_QUALITY_SAMPLE_EVERY (" + densest
                    + ") <= AETHER_QUALITY_SAMPLE_EVERY_MAX (" + sparsest + ") and AETHER_QUALITY_SAMPLE_ERROR > 0 ("
                    + error + ")");
        }
    }

    /**
     * One frame in every N of a video of this many frames whose frames' VMAF spreads this much (a
     * standard deviation); the densest when the spread is unknown (NaN) or the video has no frames.
     */
    public int every(double spread, long frames) {
        if (!(spread >= 0) || frames <= 0) {
            return densest;
        }
        double n = spread == 0 ? sparsest : frames * (error / spread) * (error / spread);
        return (int) Math.max(densest, Math.min(sparsest, Math.floor(n)));
    }

    /**
     * The spread of a rung's frames at the CRF it is encoded at: between the two trials around it,
     * linearly (x264 spreads its frames' quality more the higher the CRF); at an end, the end's.
     *
     * @param crfs the trials' CRFs, ascending
     * @param spreads each trial's spread of per-frame VMAF, in the same order
     */
    public static double spreadAt(List<Double> crfs, List<Double> spreads, double crf) {
        if (crfs.isEmpty() || crfs.size() != spreads.size()) {
            throw new IllegalArgumentException("one spread per trial CRF, and at least one");
        }
        int last = crfs.size() - 1;
        if (crf <= crfs.get(0)) {
            return spreads.get(0);
        }
        if (crf >= crfs.get(last)) {
            return spreads.get(last);
        }
        int i = 0;
        while (crf > crfs.get(i + 1)) {
            i++;
        }
        double f = (crf - crfs.get(i)) / (crfs.get(i + 1) - crfs.get(i));
        return spreads.get(i) + f * (spreads.get(i + 1) - spreads.get(i));
    }

    /** The standard deviation of a trial's per-frame scores; NaN with fewer than two. */
    public static double spread(List<Double> scores) {
        if (scores.size() < 2) {
            return Double.NaN;
        }
        double mean = scores.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double squares = scores.stream().mapToDouble(s -> (s - mean) * (s - mean)).sum();
        return Math.sqrt(squares / (scores.size() - 1));
    }
}
