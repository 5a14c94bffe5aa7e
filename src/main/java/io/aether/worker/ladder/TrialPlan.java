package io.aether.worker.ladder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.aether.media.PerTitleLadder;
import io.aether.media.Rendition;
import io.aether.media.SampleDensity;

/**
 * Which trial CRFs each rung still needs, from what its trials so far say (docs/ladder.md, "Two CRFs
 * a rung"). Every rung is tried first at the middle of the trial CRFs; then at the neighbour on the
 * side where its choice lies; and further out only while its choice sits at the end of what was
 * tried. A rung's choice is read between its two trials that bracket it, so the trials it skips
 * would not have changed it: two runs of trials instead of three, the same ladder.
 * Pure: the trial runs' results come in through {@link #add}.
 */
final class TrialPlan {
    /** A choice this close to the end of the CRFs tried is read there: the curve may go on beyond it. */
    private static final double AT_END = 0.05;

    /** What one trial measured: its bitrate as the real encode would have it, VMAF mean and spread. */
    record Point(double kbps, double vmaf, double spread) {
    }

    private final List<Double> crfs;
    private final List<PerTitleLadder.Candidate> rungs;
    private final PerTitleLadder chooser;
    private final double minCrf;
    private final double maxCrf;
    private final double bias;
    private final List<TreeMap<Double, Point>> tried = new ArrayList<>();
    private Map<Integer, Double> asked = Map.of();
    private int runs;

    /**
     * @param crfs the trial CRFs a rung may be tried at
     * @param rungs each candidate rung with its target and cap (its trials are ignored)
     * @param bias VMAF points the trials read below the real encode (LadderSettings.TRIAL_BIAS)
     */
    TrialPlan(List<Double> crfs, List<PerTitleLadder.Candidate> rungs, PerTitleLadder chooser, double minCrf,
              double maxCrf, double bias) {
        if (crfs.size() < 2 || rungs.isEmpty()) {
            throw new IllegalArgumentException("need two trial CRFs and a rung");
        }
        this.crfs = crfs.stream().sorted().distinct().toList();
        this.rungs = List.copyOf(rungs);
        this.chooser = chooser;
        this.minCrf = minCrf;
        this.maxCrf = maxCrf;
        this.bias = bias;
        rungs.forEach(r -> tried.add(new TreeMap<>()));
    }

    /** The first run: every rung at the middle trial CRF. */
    Map<Integer, Double> first() {
        Map<Integer, Double> run = new LinkedHashMap<>();
        for (int i = 0; i < rungs.size(); i++) {
            run.put(i, crfs.get((crfs.size() - 1) / 2));
        }
        return ask(run);
    }

    /** The run asked last (rung to CRF): the trials its results are to be {@link #add}ed for. */
    Map<Integer, Double> asked() {
        return asked;
    }

    /** How many runs were asked. */
    int runs() {
        return runs;
    }

    /** The candidate rungs, in the order the trial commands number them. */
    List<Rendition> renditions() {
        return rungs.stream().map(PerTitleLadder.Candidate::rung).toList();
    }

    private Map<Integer, Double> ask(Map<Integer, Double> run) {
        if (!run.isEmpty()) {
            asked = run;
            runs++;
        }
        return run;
    }

    void add(int rung, double crf, Point point) {
        tried.get(rung).put(crf, point);
    }

    /** The next run: the rungs that need another trial, each at its CRF; empty when the choice is settled. */
    Map<Integer, Double> next() {
        Map<Integer, Double> run = new LinkedHashMap<>();
        if (tried.stream().anyMatch(t -> t.size() < 2)) {
            for (int i = 0; i < rungs.size(); i++) {
                if (tried.get(i).size() == 1) {
                    run.put(i, towardsTheChoice(i));
                }
            }
            return ask(run);
        }
        List<PerTitleLadder.Choice> considered = chooser.considered(candidates());
        for (int i = 0; i < rungs.size(); i++) {
            String name = rungs.get(i).rung().name();
            double crf = considered.stream().filter(c -> c.rung().name().equals(name)).findFirst().orElseThrow().crf();
            Double further = further(i, crf);
            if (further != null) {
                run.put(i, further);
            }
        }
        return ask(run);
    }

    /** The candidates with their trials, each trial's VMAF read as the real encode would score. */
    List<PerTitleLadder.Candidate> candidates() {
        List<PerTitleLadder.Candidate> out = new ArrayList<>();
        for (int i = 0; i < rungs.size(); i++) {
            List<PerTitleLadder.Trial> trials = new ArrayList<>();
            tried.get(i).forEach((crf, p) -> trials.add(new PerTitleLadder.Trial(crf, p.kbps(), p.vmaf())));
            PerTitleLadder.Candidate c = rungs.get(i);
            out.add(new PerTitleLadder.Candidate(c.rung(), c.targetVmaf(), trials).calibrated(bias));
        }
        return out;
    }

    /** The rungs the trials choose, highest first, each at its capped CRF; the others are dropped. */
    static List<Rendition> chosen(PerTitleLadder chooser, List<PerTitleLadder.Candidate> candidates) {
        List<Rendition> ladder = new ArrayList<>();
        for (PerTitleLadder.Choice c : chooser.choose(candidates)) {
            int cap = c.capKbps();
            double target = candidates.stream().filter(k -> k.rung().name().equals(c.rung().name())).findFirst()
                    .orElseThrow().targetVmaf();
            ladder.add(c.rung().cappedCrf(c.crf(), target, cap, (int) Math.round(cap * LadderSettings.BUFFER),
                    c.capped()));
        }
        return ladder;
    }

    /**
     * How widely the frames of the kept rungs score, each at its chosen CRF (its trials' spreads
     * interpolated there), the widest counting: what the measurement's sampling is decided from.
     * Dropped rungs are never measured, so their frames do not count.
     */
    double widestSpread(List<Rendition> kept) {
        double widest = 0;
        for (Rendition rung : kept) {
            for (int i = 0; i < rungs.size(); i++) {
                if (rungs.get(i).rung().name().equals(rung.name())) {
                    TreeMap<Double, Point> t = tried.get(i);
                    widest = Math.max(widest, SampleDensity.spreadAt(List.copyOf(t.keySet()),
                            t.values().stream().map(Point::spread).toList(), rung.encoding().crf()));
                }
            }
        }
        return widest;
    }

    /**
     * After one trial: a rung that reaches its target there, or costs more than its cap, is chosen at a
     * higher CRF; else at a lower one. The other way where the trial CRFs end.
     */
    private double towardsTheChoice(int i) {
        PerTitleLadder.Candidate c = rungs.get(i);
        Map.Entry<Double, Point> only = tried.get(i).firstEntry();
        boolean up = Math.min(100, only.getValue().vmaf() + bias) >= c.targetVmaf()
                || only.getValue().kbps() > c.rung().maxrateKbps();
        Double higher = above(only.getKey());
        Double lower = below(only.getKey());
        return up ? (higher != null ? higher : lower) : (lower != null ? lower : higher);
    }

    /** The CRF beyond what a rung has tried, where its choice sits at that end; null when settled. */
    private Double further(int i, double choice) {
        TreeMap<Double, Point> t = tried.get(i);
        double lo = t.firstKey();
        double hi = t.lastKey();
        if (choice >= hi - AT_END && hi < maxCrf) {
            return above(hi);
        }
        if (choice <= lo + AT_END && lo > minCrf) {
            return below(lo);
        }
        return null;
    }

    private Double above(double crf) {
        return crfs.stream().filter(c -> c > crf).findFirst().orElse(null);
    }

    private Double below(double crf) {
        return crfs.stream().filter(c -> c < crf).reduce((a, b) -> b).orElse(null);
    }
}
