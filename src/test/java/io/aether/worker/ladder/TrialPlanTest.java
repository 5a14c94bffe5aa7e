package io.aether.worker.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.aether.media.LadderPlanner;
import io.aether.media.PerTitleLadder;
import io.aether.media.Rendition;
import io.aether.media.SampleDensity;
import io.aether.media.TrialCommand;
import org.junit.jupiter.api.Test;

/** Which trials a video needs, on made-up curves: the choice of two runs is the choice of all three CRFs. */
class TrialPlanTest {
    private static final LadderSettings SETTINGS = new LadderSettings("per-title", "ffq", List.of(94.0, 88.0, 80.0),
            List.of(8000, 4500, 2000), new TrialCommand.Sampling(5, 0.13, 3, List.of(30.0, 22.0, 38.0), "veryfast"),
            40, 1);
    private final LadderTrials trials = new LadderTrials(SETTINGS, new SampleDensity(29, 119, 0.5), null, null, null,
            null, null);
    private final List<Rendition> rungs = trials.candidates(new LadderPlanner().plan(1920, 1080));

    /** A made-up source: each rung's kb/s and VMAF (as the trials read it) at CRF 22, 30 and 38. */
    private record Source(double[][] kbps, double[][] vmaf) {
        TrialPlan.Point at(int rung, double crf) {
            int c = crf == 22 ? 0 : crf == 30 ? 1 : 2;
            return new TrialPlan.Point(kbps[rung][c], vmaf[rung][c], 1 + c);
        }
    }

    private static final Source BUSY = new Source(new double[][] {{6000, 2500, 1100}, {3000, 1200, 500}, {1500, 600, 260}},
            new double[][] {{96, 90, 82}, {91, 84, 75}, {84, 75, 66}});
    private static final Source SLIDE = new Source(new double[][] {{75, 60, 50}, {70, 55, 45}, {62, 50, 40}},
            new double[][] {{97, 95.5, 92}, {93, 89, 84}, {85, 80, 73}});
    // a top rung short of its target at CRF 30 and within its cap, whose bits buy little there: the gain
    // per Mb/s stops it at the end of its trials (22, 30), so 38 is asked to see where it stops
    private static final Source GRAIN = new Source(new double[][] {{14000, 7000, 3000}, {9000, 3600, 1400},
            {4000, 1600, 700}}, new double[][] {{84, 80, 72}, {80, 74, 65}, {74, 68, 58}});
    // a top rung cheap for its target, a 720p that would cost more: held to a share of the top's bits
    private static final Source SHARE = new Source(new double[][] {{1800, 1000, 600}, {4000, 2000, 1000},
            {1500, 700, 300}}, new double[][] {{99, 97.5, 95}, {92, 87, 80}, {86, 80, 72}});

    @Test
    void everyRungIsFirstTriedAtTheMiddleCrf() {
        assertEquals(Map.of(0, 30.0, 1, 30.0, 2, 30.0), trials.plan(rungs).first());
    }

    @Test
    void theSecondTrialIsOnTheSideWhereTheChoiceLies() {
        TrialPlan plan = trials.plan(rungs);
        plan.add(0, 30, new TrialPlan.Point(2500, 93.5, 1)); // 94.5 calibrated: the target is reached
        plan.add(1, 30, new TrialPlan.Point(1200, 84, 1)); // short of 88, within its cap
        plan.add(2, 30, new TrialPlan.Point(2500, 70, 1)); // short of 80, but over its 2000 kb/s cap
        assertEquals(Map.of(0, 38.0, 1, 22.0, 2, 38.0), plan.next());
    }

    @Test
    void twoRunsSettleMostSourcesWithTheLadderThatAllThreeCrfsChoose() {
        assertEquals(2, runs(BUSY));
        assertEquals(2, runs(SLIDE));
        assertEquals(2, runs(SHARE));
    }

    @Test
    void aChoiceAtTheEndOfItsTrialsAsksForTheNextCrf() {
        // the top rung stops at the gain rule past CRF 30 after trying 22 and 30: 38 decides where
        assertEquals(3, runs(GRAIN));
    }

    /** Runs the plan on a made-up source, checks its ladder against all three CRFs', and counts the runs. */
    private int runs(Source source) {
        TrialPlan plan = trials.plan(rungs);
        Map<Integer, Double> run = plan.first();
        int runs = 0;
        while (!run.isEmpty()) {
            runs++;
            run.forEach((rung, crf) -> plan.add(rung, crf, source.at(rung, crf)));
            run = plan.next();
        }
        TrialPlan all = trials.plan(rungs);
        for (int r = 0; r < rungs.size(); r++) {
            for (double crf : List.of(22.0, 30.0, 38.0)) {
                all.add(r, crf, source.at(r, crf));
            }
        }
        List<Rendition> expected = trials.chosen(all.candidates());
        List<Rendition> got = trials.chosen(plan.candidates());
        assertEquals(expected.stream().map(r -> r.name() + "@" + r.encoding()).toList(),
                got.stream().map(r -> r.name() + "@" + r.encoding()).toList());
        assertTrue(runs <= 3, "never more runs than trial CRFs");
        assertEquals(runs, plan.runs());
        return runs;
    }

    @Test
    void theSamplingFollowsTheWidestSpreadOfTheKeptRungsAtTheirCrfs() {
        TrialPlan plan = trials.plan(rungs);
        // 1080p spreads 1 at CRF 22 and 3 at 30, 720p 0.5 and 1, 480p 9 and 12
        double[][] spreads = {{1, 3}, {0.5, 1}, {9, 12}};
        for (int r = 0; r < 3; r++) {
            plan.add(r, 22, new TrialPlan.Point(1000, 90, spreads[r][0]));
            plan.add(r, 30, new TrialPlan.Point(500, 85, spreads[r][1]));
        }
        List<Rendition> kept = new ArrayList<>(List.of(rungs.get(0).cappedCrf(26, 94, 8000, 12000, false),
                rungs.get(1).cappedCrf(30, 88, 4500, 6750, false)));
        // 1080p at CRF 26: halfway from 1 to 3; the dropped 480p's wide frames are never measured
        assertEquals(2.0, plan.widestSpread(kept), 1e-9);
        kept.add(rungs.get(2).cappedCrf(22, 80, 2000, 3000, false));
        assertEquals(9.0, plan.widestSpread(kept), 1e-9);
    }
}
