package io.aether.media;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses each rung's capped CRF from trial encodes of the source, so that the rung reaches its VMAF
 * target, and keeps only the rungs that buy quality: the upper convex hull of (bitrate, VMAF), with
 * every rung at least {@code minGain} points above the one below. Pure arithmetic on measured points.
 */
public final class PerTitleLadder {

    /** One trial encode of a rung: its CRF, average video kb/s and pooled VMAF mean. */
    public record Trial(double crf, double kbps, double vmaf) {
    }

    /** A rung's geometry, its bitrate cap (the rung's maxrate) and its trials at two or more CRFs. */
    public record Candidate(Rendition rung, double targetVmaf, List<Trial> trials) {
    }

    /**
     * The rung as it will be encoded: {@code capped} when the bitrate cap or the lowest CRF allowed, not
     * the target, decides its quality (the record says so, rather than claiming the target).
     */
    public record Choice(Rendition rung, double crf, double kbps, double vmaf, boolean capped) {
    }

    private final double minCrf;
    private final double maxCrf;
    private final double minGain;

    public PerTitleLadder(double minCrf, double maxCrf, double minGain) {
        if (!(minCrf < maxCrf) || minGain < 0) {
            throw new IllegalArgumentException("need minCrf < maxCrf and minGain >= 0");
        }
        this.minCrf = minCrf;
        this.maxCrf = maxCrf;
        this.minGain = minGain;
    }

    /** The rungs worth encoding, highest first, like LadderPlanner's. */
    public List<Choice> choose(List<Candidate> candidates) {
        List<Choice> choices = new ArrayList<>();
        for (Candidate c : candidates) {
            choices.add(choose(c));
        }
        choices.sort(Comparator.comparingDouble(Choice::kbps));
        List<Choice> hull = new ArrayList<>();
        for (Choice next : choices) {
            // a rung that adds too little over the one below is not worth its bits
            if (!hull.isEmpty() && next.vmaf() < hull.get(hull.size() - 1).vmaf() + minGain) {
                continue;
            }
            // drop the middle of three that lies under the line between its neighbours
            while (hull.size() >= 2 && belowChord(hull.get(hull.size() - 2), hull.get(hull.size() - 1), next)) {
                hull.remove(hull.size() - 1);
            }
            hull.add(next);
        }
        java.util.Collections.reverse(hull);
        return hull;
    }

    Choice choose(Candidate c) {
        List<Trial> trials = new ArrayList<>(c.trials());
        if (trials.size() < 2) {
            throw new IllegalArgumentException(c.rung().name() + ": at least two trial encodes are needed");
        }
        trials.sort(Comparator.comparingDouble(Trial::crf));
        // never beyond what was measured: a curve extended past its trials is a guess
        double lo = Math.max(minCrf, trials.get(0).crf());
        double hi = Math.min(maxCrf, trials.get(trials.size() - 1).crf());
        double crf = crfFor(trials, c.targetVmaf(), lo, hi);
        double kbps = interpolateLog(trials, crf);
        double cap = c.rung().maxrateKbps();
        if (kbps > cap) {
            // the cap binds: the highest quality the cap allows, found on the same curve
            double capped = crfAtKbps(trials, cap, lo, hi);
            return new Choice(c.rung(), round(capped), cap, vmafAt(trials, capped), true);
        }
        return new Choice(c.rung(), round(crf), kbps, vmafAt(trials, crf), vmafAt(trials, crf) < c.targetVmaf());
    }

    /** The largest CRF (fewest bits) whose interpolated VMAF still reaches the target. */
    private static double crfFor(List<Trial> trials, double target, double lo, double hi) {
        if (vmafAt(trials, lo) < target) {
            return lo;
        }
        for (int i = 0; i < 50; i++) {
            double mid = (lo + hi) / 2;
            if (vmafAt(trials, mid) >= target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double crfAtKbps(List<Trial> trials, double kbps, double lo, double hi) {
        for (int i = 0; i < 50; i++) {
            double mid = (lo + hi) / 2;
            if (interpolateLog(trials, mid) > kbps) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /** VMAF is close to linear in CRF between neighbouring trials. */
    private static double vmafAt(List<Trial> trials, double crf) {
        return Math.min(100, interpolate(trials, crf, Trial::vmaf));
    }

    /** Bitrate falls about exponentially with CRF (x264: roughly halves every 6), so interpolate its logarithm. */
    private static double interpolateLog(List<Trial> trials, double crf) {
        return Math.exp(interpolate(trials, crf, t -> Math.log(t.kbps())));
    }

    private static double interpolate(List<Trial> trials, double crf, java.util.function.ToDoubleFunction<Trial> y) {
        int i = 0;
        while (i < trials.size() - 2 && crf > trials.get(i + 1).crf()) {
            i++;
        }
        Trial a = trials.get(i);
        Trial b = trials.get(i + 1);
        double f = (crf - a.crf()) / (b.crf() - a.crf());
        return y.applyAsDouble(a) + f * (y.applyAsDouble(b) - y.applyAsDouble(a));
    }

    private static boolean belowChord(Choice a, Choice b, Choice c) {
        double onChord = a.vmaf() + (c.vmaf() - a.vmaf()) * (b.kbps() - a.kbps()) / (c.kbps() - a.kbps());
        return b.vmaf() < onChord;
    }

    private static double round(double crf) {
        return Math.round(crf * 10) / 10.0;
    }
}
