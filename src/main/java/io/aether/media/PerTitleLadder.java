package io.aether.media;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses each rung's capped CRF from trial encodes of the source, so that the rung reaches its VMAF
 * target, and keeps only the rungs that buy quality: the upper convex hull of (bitrate, VMAF), with
 * every rung at least {@code minGain} points above the one below. A rung whose target is out of reach
 * under its cap stops where one more Mb/s buys less than {@code minGainPerMbps} VMAF points: its cap
 * is lowered to there (docs/ladder.md). Pure arithmetic on measured points ({@link TrialCurve}).
 */
public final class PerTitleLadder {

    /** One trial encode of a rung: its CRF, average video kb/s and pooled VMAF mean. */
    public record Trial(double crf, double kbps, double vmaf) {
    }

    /** A rung's geometry, its bitrate cap (the rung's maxrate) and its trials at two or more CRFs. */
    public record Candidate(Rendition rung, double targetVmaf, List<Trial> trials) {

        /**
         * The trials as the real encode scores: each trial's VMAF raised by {@code points} (at most 100),
         * its bits left alone. A trial's keyframe every few frames keeps x264 in the state of a GOP's
         * first frames, which a real encode leaves after its first GOP, so trials read low by about a
         * point and up to 2.3 on easy content (docs/ladder.md); their bits were right within a few %.
         */
        public Candidate calibrated(double points) {
            return new Candidate(rung, targetVmaf, trials.stream()
                    .map(t -> new Trial(t.crf(), t.kbps(), Math.min(100, t.vmaf() + points))).toList());
        }
    }

    /**
     * The rung as it will be encoded: {@code capped} when a bitrate cap or the lowest CRF allowed, not
     * the target, decides its quality (the record says so, rather than claiming the target);
     * {@code capKbps} its maxrate: the rung's cap, or lower where more bits stop buying quality.
     */
    public record Choice(Rendition rung, double crf, double kbps, double vmaf, boolean capped, int capKbps) {
    }

    /**
     * What a rung that would cost more than the rung above it may cost instead, as a share of that
     * rung's bits. A rung whose target is out of reach (fine detail lost in the downscale) would spend
     * up to its cap, more than a top rung that reached its own target cheaply, and the hull then
     * dropped it: a scrolling automaton kept only its 1080p, and a player on a slow network had nowhere
     * to step down to. The fixed ladder's steps are 0.56 and 0.5. Rungs that cost less than the one
     * above are left alone: on a still slide every rung costs about the same (its keyframes), and a
     * share would starve the lower rungs' keyframes.
     */
    static final double BELOW_SHARE = 0.6;

    /**
     * The least a share may cap a rung at, as a part of the rung's own cap: the cap is also the VBV
     * buffer's size (times 1.5), and a buffer smaller than a keyframe crushes it, and with it every
     * frame that refers to it. A still slide's 480p, held to 0.6 of its 720p's 35 kb/s, was capped at
     * 21 kb/s and read VMAF 21.6 (min 0) where CRF alone would spend about as little. An eighth of
     * 2000 kb/s holds a 480p keyframe of the corpus; the CRF still decides what such content spends.
     */
    static final double MIN_CAP_SHARE = 0.125;

    private final double minCrf;
    private final double maxCrf;
    private final double minGain;
    private final double minGainPerMbps;

    public PerTitleLadder(double minCrf, double maxCrf, double minGain, double minGainPerMbps) {
        if (!(minCrf < maxCrf) || minGain < 0 || minGainPerMbps < 0) {
            throw new IllegalArgumentException("need minCrf < maxCrf, minGain >= 0 and minGainPerMbps >= 0");
        }
        this.minCrf = minCrf;
        this.maxCrf = maxCrf;
        this.minGain = minGain;
        this.minGainPerMbps = minGainPerMbps;
    }

    /** The rungs worth encoding, highest first, like LadderPlanner's. */
    public List<Choice> choose(List<Candidate> candidates) {
        List<Choice> choices = considered(candidates);
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

    /**
     * Every candidate's choice before the hull drops any, highest rung first: its target, cap and
     * gain per Mb/s, and a share of the rung above's bits where it would cost more than that rung.
     */
    public List<Choice> considered(List<Candidate> candidates) {
        List<Candidate> highestFirst = new ArrayList<>(candidates);
        highestFirst.sort(Comparator.comparingInt((Candidate c) -> c.rung().height()).reversed());
        List<Choice> choices = new ArrayList<>();
        Choice above = null;
        for (Candidate c : highestFirst) {
            Choice choice = choose(c);
            if (above != null && choice.kbps() > above.kbps()) {
                choice = atMost(c, above.kbps() * BELOW_SHARE);
            }
            choices.add(choice);
            above = choice;
        }
        return choices;
    }

    /** A candidate's trials in CRF order, read only between the CRFs a choice may take. */
    private TrialCurve curve(Candidate c) {
        return new TrialCurve(c.rung().name(), c.trials(), minCrf, maxCrf);
    }

    /**
     * A rung that must cost at most {@code kbps}: the CRF where its curve meets that bitrate, or the
     * highest CRF tried when even that costs more (never a guess past the trials); capped either way.
     */
    private Choice atMost(Candidate c, double kbps) {
        TrialCurve curve = curve(c);
        double crf = curve.kbpsAt(curve.hi()) > kbps ? curve.hi() : curve.crfAtKbps(kbps);
        int cap = (int) Math.min(c.rung().maxrateKbps(),
                Math.ceil(Math.max(kbps, c.rung().maxrateKbps() * MIN_CAP_SHARE)));
        return new Choice(c.rung(), round(crf), Math.min(kbps, curve.kbpsAt(crf)), curve.vmafAt(crf), true, cap);
    }

    Choice choose(Candidate c) {
        TrialCurve curve = curve(c);
        double crf = curve.crfFor(c.targetVmaf());
        int cap = c.rung().maxrateKbps();
        if (curve.kbpsAt(crf) > cap) {
            // the cap binds: the highest quality the cap allows, found on the same curve
            crf = curve.crfAtKbps(cap);
        } else if (curve.vmafAt(crf) >= c.targetVmaf()) {
            return new Choice(c.rung(), round(crf), curve.kbpsAt(crf), curve.vmafAt(crf), false, cap);
        }
        // the target is out of reach: spend only while a Mb/s still buys minGainPerMbps points
        double stop = curve.worthUpTo(crf, minGainPerMbps);
        double kbps = curve.kbpsAt(stop);
        int lowered = stop > crf ? (int) Math.min(cap, Math.ceil(kbps)) : cap;
        return new Choice(c.rung(), round(stop), Math.min(kbps, cap), curve.vmafAt(stop), true, lowered);
    }

    private static boolean belowChord(Choice a, Choice b, Choice c) {
        double onChord = a.vmaf() + (c.vmaf() - a.vmaf()) * (b.kbps() - a.kbps()) / (c.kbps() - a.kbps());
        return b.vmaf() < onChord;
    }

    private static double round(double crf) {
        return Math.round(crf * 10) / 10.0;
    }
}
