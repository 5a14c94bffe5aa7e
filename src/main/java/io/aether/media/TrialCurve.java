package io.aether.media;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoublePredicate;
import java.util.function.ToDoubleFunction;

import io.aether.media.PerTitleLadder.Trial;

/**
 * One rung's trial encodes as a curve: VMAF and bitrate at any CRF between the trials, and the CRF where
 * either reaches a given value. It is read only between its lowest and highest trial, and only at CRFs a
 * choice may take. Pure arithmetic on measured points.
 */
final class TrialCurve {
    private final List<Trial> trials;
    private final double lo;
    private final double hi;

    TrialCurve(String rung, List<Trial> trials, double minCrf, double maxCrf) {
        List<Trial> sorted = new ArrayList<>(trials);
        if (sorted.size() < 2) {
            throw new IllegalArgumentException(rung + ": at least two trial encodes are needed");
        }
        sorted.sort(Comparator.comparingDouble(Trial::crf));
        this.trials = sorted;
        // never beyond what was measured: a curve extended past its trials is a guess
        this.lo = Math.max(minCrf, sorted.get(0).crf());
        this.hi = Math.min(maxCrf, sorted.get(sorted.size() - 1).crf());
    }

    /** The highest CRF a choice may take. */
    double hi() {
        return hi;
    }

    /** VMAF is close to linear in CRF between neighbouring trials. */
    double vmafAt(double crf) {
        return Math.min(100, interpolate(crf, Trial::vmaf));
    }

    /** Bitrate falls about exponentially with CRF (x264: roughly halves every 6), so interpolate its logarithm. */
    double kbpsAt(double crf) {
        return Math.exp(interpolate(crf, t -> Math.log(t.kbps())));
    }

    /** The largest CRF (fewest bits) whose interpolated VMAF still reaches the target. */
    double crfFor(double targetVmaf) {
        if (vmafAt(lo) < targetVmaf) {
            return lo;
        }
        return bisect(lo, hi, mid -> vmafAt(mid) >= targetVmaf)[0];
    }

    /** The CRF where the curve costs {@code kbps}. */
    double crfAtKbps(double kbps) {
        return bisect(lo, hi, mid -> kbpsAt(mid) > kbps)[1];
    }

    /**
     * The lowest CRF from {@code crf} up where the curve's marginal gain, in VMAF points per Mb/s, is at
     * least {@code gainPerMbps}. On the curves x264 makes (VMAF about linear in log bitrate) the gain per Mb/s
     * falls as the bitrate grows, so it is found by bisection.
     */
    double worthUpTo(double crf, double gainPerMbps) {
        if (marginal(crf) >= gainPerMbps) {
            return crf;
        }
        return bisect(crf, hi, mid -> marginal(mid) < gainPerMbps)[1];
    }

    /** VMAF points one more Mb/s buys at this CRF: the segment's points per doubling over the bitrate. */
    private double marginal(double crf) {
        Trial a = segment(crf);
        Trial b = trials.get(trials.indexOf(a) + 1);
        if (a.kbps() <= b.kbps()) {
            return Double.POSITIVE_INFINITY; // bits that do not fall with CRF: noise of still content, not a slope
        }
        double perDoubling = (a.vmaf() - b.vmaf()) / (Math.log(a.kbps() / b.kbps()) / Math.log(2));
        return perDoubling / (kbpsAt(crf) / 1000 * Math.log(2));
    }

    /**
     * The CRF where {@code below} turns from true to false between lo and hi (the curves are monotone in
     * CRF): the last CRF found true and the first found false, 50 halvings apart.
     */
    private static double[] bisect(double lo, double hi, DoublePredicate below) {
        for (int i = 0; i < 50; i++) {
            double mid = (lo + hi) / 2;
            if (below.test(mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return new double[] {lo, hi};
    }

    private double interpolate(double crf, ToDoubleFunction<Trial> y) {
        Trial a = segment(crf);
        Trial b = trials.get(trials.indexOf(a) + 1);
        double f = (crf - a.crf()) / (b.crf() - a.crf());
        return y.applyAsDouble(a) + f * (y.applyAsDouble(b) - y.applyAsDouble(a));
    }

    /** The trial that starts the segment holding this CRF. */
    private Trial segment(double crf) {
        int i = 0;
        while (i < trials.size() - 2 && crf > trials.get(i + 1).crf()) {
            i++;
        }
        return trials.get(i);
    }
}
