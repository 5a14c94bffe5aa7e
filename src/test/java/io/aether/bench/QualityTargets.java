package io.aether.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.aether.bench.BenchVmaf.Score;
import io.aether.bench.HlsLadder.Rung;
import io.aether.bench.QualityBench.LadderRun;
import io.aether.bench.QualityBench.SourceResult;

/**
 * Issue 20's targets, checked on one bench run. VMAF figures are the bench's own; the record supplies
 * only what it alone knows (each rung's target, whether the cap decided) and its own VMAF, which is
 * what "honest numbers" holds against the bench's. A check whose input the record lacks says n/a.
 */
final class QualityTargets {
    static final String PASS = "✓";
    static final String FAIL = "✗";
    static final String NA = "n/a";
    static final double TARGET_SPREAD = 1.5;
    static final double FLOOR = 90;
    static final double OVERSHOOT = 2;
    static final double RUNG_GAP = 2;
    static final double HONEST = 1;
    static final double TIME_RATIO = 1.15;
    static final double SAMPLING = 1;

    record Check(String target, String status, String detail) {
    }

    private QualityTargets() {
    }

    static List<Check> all(List<SourceResult> results, int every) {
        List<Check> checks = new ArrayList<>();
        Verdict onTarget = new Verdict();
        Verdict floor = new Verdict();
        Verdict savings = new Verdict();
        Verdict gaps = new Verdict();
        Verdict honest = new Verdict();
        Verdict time = new Verdict();
        long perTitleBytes = 0;
        long fixedBytes = 0;
        double perTitleSeconds = 0;
        double fixedSeconds = 0;
        for (SourceResult r : results) {
            String name = r.source().name();
            LadderRun perTitle = r.perTitle();
            double top = QualityReport.topVmaf(perTitle);
            double target = QualityReport.target(r);
            Boolean capped = perTitle.record().get(perTitle.top().height()).capped();
            if (Boolean.TRUE.equals(capped)) {
                onTarget.add(PASS, String.format("%s %.2f at its cap", name, top));
            } else {
                onTarget.add(Double.isNaN(target) ? NA : Math.abs(top - target) <= TARGET_SPREAD ? PASS : FAIL,
                        String.format("%s %.2f (target %s)", name, top, QualityReport.text(target)));
            }
            floor.add(top >= FLOOR || Boolean.TRUE.equals(capped) ? PASS : capped == null ? NA : FAIL,
                    String.format("%s %.2f%s", name, top, Boolean.TRUE.equals(capped) ? " capped" : ""));
            double fixedTop = QualityReport.topVmaf(r.fixed());
            if (Double.isNaN(target)) {
                savings.add(NA, name + " (no target in the record)");
            } else if (fixedTop > target + OVERSHOOT) {
                savings.add(perTitle.bytes() < r.fixed().bytes() ? PASS : FAIL, String.format("%s fixed %.2f > %.2f: %.1f MB vs %.1f MB",
                        name, fixedTop, target + OVERSHOOT, perTitle.bytes() / 1e6, r.fixed().bytes() / 1e6));
            }
            List<Rung> rungs = perTitle.rungs();
            for (int i = 1; i < rungs.size(); i++) {
                double gap = perTitle.bench().get(rungs.get(i - 1).height()).mean() - perTitle.bench().get(rungs.get(i).height()).mean();
                gaps.add(gap >= RUNG_GAP ? PASS : FAIL, String.format("%s %dp-%dp %.2f", name, rungs.get(i - 1).height(),
                        rungs.get(i).height(), gap));
            }
            for (Rung rung : rungs) {
                double recorded = perTitle.record().get(rung.height()).vmafMean();
                double difference = recorded - perTitle.bench().get(rung.height()).mean();
                honest.add(Double.isNaN(recorded) ? NA : Math.abs(difference) <= HONEST ? PASS : FAIL,
                        String.format("%s %dp %s", name, rung.height(), QualityReport.text(difference)));
            }
            double ratio = perTitle.seconds() / r.fixed().seconds();
            time.add(ratio <= TIME_RATIO ? PASS : FAIL, String.format("%s %.3f", name, ratio));
            perTitleBytes += perTitle.bytes();
            fixedBytes += r.fixed().bytes();
            perTitleSeconds += perTitle.seconds();
            fixedSeconds += r.fixed().seconds();
        }
        checks.add(onTarget.check("per-title top rung's VMAF within " + TARGET_SPREAD + " of its target, or at its cap"));
        checks.add(floor.check("no per-title top rung below " + (int) FLOOR + " unless capped"));
        checks.add(new Check("per-title bits over the corpus ≤ fixed", perTitleBytes <= fixedBytes ? PASS : FAIL,
                String.format("%.1f MB vs %.1f MB (%.3f)", perTitleBytes / 1e6, fixedBytes / 1e6,
                        (double) perTitleBytes / fixedBytes)));
        checks.add(savings.check("where the fixed top rung beats the target by > " + (int) OVERSHOOT
                + ", per-title spends fewer bits"));
        checks.add(gaps.check("no two per-title rungs within " + (int) RUNG_GAP + " VMAF points"));
        checks.add(honest.check("record VMAF within " + (int) HONEST + " of the bench's, per rung"));
        time.add(perTitleSeconds / fixedSeconds <= TIME_RATIO ? PASS : FAIL,
                String.format("summed %.1f s vs %.1f s = %.3f", perTitleSeconds, fixedSeconds, perTitleSeconds / fixedSeconds));
        checks.add(time.check("per-title with measurement ≤ " + TIME_RATIO + " × fixed without, per source and summed"));
        if (every > 1) {
            Verdict sampling = new Verdict();
            for (SourceResult r : results) {
                if (r.full() != null) {
                    for (Map.Entry<Integer, Score> full : r.full().entrySet()) {
                        double difference = r.perTitle().bench().get(full.getKey()).mean() - full.getValue().mean();
                        sampling.add(Math.abs(difference) <= SAMPLING ? PASS : FAIL, String.format(
                                "%s %dp every %dth %.2f, every frame %.2f (%+.2f)", r.source().name(), full.getKey(),
                                every, r.perTitle().bench().get(full.getKey()).mean(), full.getValue().mean(), difference));
                    }
                }
            }
            checks.add(sampling.check("sampled VMAF within " + (int) SAMPLING + " of every frame (one source)"));
        }
        return checks;
    }

    /** A target's outcome over many cases: failed if any failed, else n/a if any could not be told. */
    private static final class Verdict {
        private final List<String> details = new ArrayList<>();
        private String status = PASS;

        void add(String outcome, String detail) {
            details.add(detail + " " + outcome);
            if (outcome.equals(FAIL) || (outcome.equals(NA) && status.equals(PASS))) {
                status = outcome;
            }
        }

        Check check(String target) {
            return new Check(target, details.isEmpty() ? NA : status, details.isEmpty() ? "no case" : String.join("; ", details));
        }
    }
}
