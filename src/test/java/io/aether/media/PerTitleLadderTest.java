package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PerTitleLadderTest {
    private static final Rendition R1080 = new Rendition("1080p", 1920, 1080, 5000, 8000, 12000, 128);
    private static final Rendition R720 = new Rendition("720p", 1280, 720, 2800, 4500, 6750, 128);
    private static final Rendition R480 = new Rendition("480p", 854, 480, 1400, 2200, 3300, 96);

    private final PerTitleLadder ladder = new PerTitleLadder(16, 40, 2, 1);

    /** A made-up rung: VMAF falls {@code slope} points per CRF from {@code at18}; bits halve every 6 CRF. */
    private static PerTitleLadder.Candidate rung(Rendition r, double target, double at18, double slope, double kbpsAt18) {
        return new PerTitleLadder.Candidate(r, target, List.of(
                new PerTitleLadder.Trial(18, kbpsAt18, at18),
                new PerTitleLadder.Trial(26, kbpsAt18 / Math.pow(2, 8 / 6.0), at18 - 8 * slope),
                new PerTitleLadder.Trial(34, kbpsAt18 / Math.pow(2, 16 / 6.0), at18 - 16 * slope)));
    }

    /** A rung tried at the default CRFs 22, 30 and 38: {@code kbpsAndVmaf} is kb/s, VMAF for each in turn. */
    private static PerTitleLadder.Candidate tried(Rendition r, double target, double... kbpsAndVmaf) {
        return new PerTitleLadder.Candidate(r, target, List.of(
                new PerTitleLadder.Trial(22, kbpsAndVmaf[0], kbpsAndVmaf[1]),
                new PerTitleLadder.Trial(30, kbpsAndVmaf[2], kbpsAndVmaf[3]),
                new PerTitleLadder.Trial(38, kbpsAndVmaf[4], kbpsAndVmaf[5])));
    }

    @Test
    void picksTheLargestCrfThatReachesTheTarget() {
        PerTitleLadder.Choice c = ladder.choose(rung(R1080, 93, 98, 1.0, 6000));
        assertEquals(23.0, c.crf(), 0.05);
        assertEquals(93.0, c.vmaf(), 0.05);
        assertFalse(c.capped());
        assertEquals(6000 / Math.pow(2, 5 / 6.0), c.kbps(), 1);
    }

    @Test
    void aHardSourceStopsAtTheCapAndSaysSo() {
        // reaching 93 would need CRF 13, far beyond the 8000 kb/s cap
        PerTitleLadder.Choice c = ladder.choose(rung(R1080, 93, 88, 1.0, 12000));
        assertTrue(c.capped());
        assertEquals(8000, c.kbps(), 0.5);
        // 8000 kb/s is CRF 18 + 6 * log2(12000 / 8000) on this curve
        assertEquals(21.5, c.crf(), 0.05);
        assertEquals(88 - 3.5, c.vmaf(), 0.1);
    }

    @Test
    void calibratedTrialsReadHigherButCostTheSame() {
        PerTitleLadder.Candidate c = new PerTitleLadder.Candidate(R1080, 94, List.of(
                new PerTitleLadder.Trial(22, 4000, 99.6), new PerTitleLadder.Trial(30, 2000, 93.0)));
        List<PerTitleLadder.Trial> t = c.calibrated(1).trials();
        assertEquals(100.0, t.get(0).vmaf(), 1e-9, "never above 100");
        assertEquals(94.0, t.get(1).vmaf(), 1e-9);
        assertEquals(List.of(4000.0, 2000.0), t.stream().map(PerTitleLadder.Trial::kbps).toList());
        assertEquals(94.0, c.calibrated(1).targetVmaf());
    }

    @Test
    void calibratedTrialsMeetTheTargetWhereTheyReadThatMuchBelowIt() {
        // the trials read 93 at CRF 23 and the real encode a point more: the target 93 is met at 24
        PerTitleLadder.Choice c = ladder.choose(rung(R1080, 93, 98, 1.0, 6000).calibrated(1));
        assertEquals(24.0, c.crf(), 0.05);
        assertEquals(93.0, c.vmaf(), 0.05);
        assertFalse(c.capped());
    }

    @Test
    void calibrationLeavesARungHeldByItsCapWhereItWas() {
        PerTitleLadder.Choice raw = ladder.choose(rung(R1080, 93, 88, 1.0, 12000));
        PerTitleLadder.Choice c = ladder.choose(rung(R1080, 93, 88, 1.0, 12000).calibrated(1));
        assertTrue(c.capped());
        assertEquals(raw.crf(), c.crf(), 0.05);
        assertEquals(raw.capKbps(), c.capKbps());
        assertEquals(raw.vmaf() + 1, c.vmaf(), 0.05);
    }

    @Test
    void aStillSlideGetsFewBits() {
        PerTitleLadder.Choice c = ladder.choose(rung(R1080, 93, 99.5, 0.2, 400));
        assertEquals(34.0, c.crf(), 0.05, "the target is met even at the highest trial CRF");
        assertTrue(c.kbps() < 100, "a still slide needs little: " + c.kbps());
    }

    @Test
    void aRungThatAddsTooLittleOverTheOneBelowIsDropped() {
        List<PerTitleLadder.Choice> chosen = ladder.choose(List.of(
                rung(R1080, 93, 99.0, 0.6, 3000),
                rung(R720, 92, 98.9, 0.6, 1800),
                rung(R480, 80, 90, 1.0, 900)));
        // 720p reaches 92 and 1080p 93: one point apart, so 1080p is not worth its extra bits
        assertEquals(List.of("720p", "480p"), chosen.stream().map(c -> c.rung().name()).toList());
    }

    @Test
    void aRungBelowTheHullIsDropped() {
        // 720p: barely above 480p for nearly the bits of 1080p; the line from 480p to 1080p passes above it
        List<PerTitleLadder.Choice> chosen = ladder.choose(List.of(
                new PerTitleLadder.Candidate(R1080, 93, List.of(new PerTitleLadder.Trial(18, 5000, 96),
                        new PerTitleLadder.Trial(30, 2000, 90))),
                new PerTitleLadder.Candidate(R720, 88, List.of(new PerTitleLadder.Trial(18, 4000, 86),
                        new PerTitleLadder.Trial(30, 1800, 80))),
                new PerTitleLadder.Candidate(R480, 80, List.of(new PerTitleLadder.Trial(18, 1200, 82),
                        new PerTitleLadder.Trial(30, 500, 76)))));
        assertEquals(List.of("1080p", "480p"), chosen.stream().map(c -> c.rung().name()).toList());
        for (int i = 1; i < chosen.size(); i++) {
            assertTrue(chosen.get(i - 1).vmaf() >= chosen.get(i).vmaf() + 2, "rungs 2 points apart");
        }
    }

    @Test
    void neverInventsARungAboveTheCandidates() {
        List<PerTitleLadder.Choice> chosen = ladder.choose(List.of(rung(R480, 80, 90, 1.0, 900)));
        assertEquals(1, chosen.size());
        assertEquals(R480, chosen.get(0).rung());
    }

    @Test
    void easyContentGoesPastCrf30WhenATrialShowsItHoldsTheTarget() {
        // a cartoon: 97 at CRF 30, 88 at 38: 94 is a third of the way, CRF 32.7
        PerTitleLadder.Choice c = ladder.choose(new PerTitleLadder.Candidate(R1080, 94, List.of(
                new PerTitleLadder.Trial(22, 80, 97.6), new PerTitleLadder.Trial(30, 70, 97.0),
                new PerTitleLadder.Trial(38, 60, 88.0))));
        assertEquals(32.7, c.crf(), 0.05);
        assertFalse(c.capped());
    }

    @Test
    void theCeilingHoldsWhateverTheTrials() {
        PerTitleLadder.Choice c = new PerTitleLadder(16, 34, 2, 1).choose(rung(R1080, 93, 99.5, 0.2, 400));
        assertEquals(34.0, c.crf(), 0.05);
        PerTitleLadder.Choice lower = new PerTitleLadder(16, 30, 2, 1).choose(rung(R1080, 93, 99.5, 0.2, 400));
        assertEquals(30.0, lower.crf(), 0.05, "the ceiling, below the highest trial");
    }

    @Test
    void outOfReachARungStopsWhereAMbpsBuysLessThanThePointItMustAndLowersItsCap() {
        // grain: 3 VMAF points per doubling of bits all along; 94 is out of reach under 8000
        List<PerTitleLadder.Trial> grain = List.of(new PerTitleLadder.Trial(22, 60000, 92),
                new PerTitleLadder.Trial(30, 7500, 83), new PerTitleLadder.Trial(38, 1875, 77));
        PerTitleLadder.Choice c = ladder.choose(new PerTitleLadder.Candidate(R1080, 94, grain));
        assertTrue(c.capped());
        // 3 points per doubling is 3 / (R ln 2) per Mb/s: 1 point per Mb/s at R = 4.33 Mb/s
        assertEquals(3 / Math.log(2) * 1000, c.kbps(), 30);
        assertEquals(Math.ceil(c.kbps()), c.capKbps(), 1);
        assertTrue(c.capKbps() < 8000);
        // without the rule it spends to the cap
        PerTitleLadder.Choice spendAll = new PerTitleLadder(16, 40, 2, 0).choose(new PerTitleLadder.Candidate(R1080, 94, grain));
        assertEquals(8000, spendAll.capKbps());
        assertEquals(8000, spendAll.kbps(), 1);
    }

    @Test
    void contentThatStillBuysQualityKeepsItsWholeCap() {
        // a fractal zoom: 20 points per doubling, 3.6 points per Mb/s even at the 8000 kb/s cap
        PerTitleLadder.Choice c = ladder.choose(new PerTitleLadder.Candidate(R1080, 94, List.of(
                new PerTitleLadder.Trial(22, 22000, 88), new PerTitleLadder.Trial(30, 6000, 67.5))));
        assertTrue(c.capped());
        assertEquals(8000, c.capKbps());
        assertEquals(8000, c.kbps(), 1);
    }

    @Test
    void aTargetReachedKeepsItsCrfHoweverFlatTheCurve() {
        // 1 point per doubling, far under 1 point per Mb/s: the rule is for targets out of reach only
        PerTitleLadder.Choice c = ladder.choose(new PerTitleLadder.Candidate(R1080, 94, List.of(
                new PerTitleLadder.Trial(22, 6000, 95), new PerTitleLadder.Trial(30, 3000, 94))));
        assertFalse(c.capped());
        assertEquals(30.0, c.crf(), 0.05);
        assertEquals(8000, c.capKbps());
    }

    @Test
    void anUpperRungNoBetterThanTheOneBelowIsDroppedSoQualityRisesUpTheLadder() {
        // grain: 1080p held at 4.3 Mb/s scores under 720p at 2.8: the player gets 720p as the top
        List<PerTitleLadder.Choice> chosen = ladder.choose(List.of(
                tried(R1080, 94, 60000, 85, 7500, 76, 1500, 60),
                tried(R720, 88, 20000, 80, 2800, 77, 400, 55),
                tried(R480, 80, 3000, 70, 400, 57, 250, 35)));
        assertEquals(List.of("720p", "480p"), chosen.stream().map(c -> c.rung().name()).toList());
        assertTrue(chosen.get(0).vmaf() >= chosen.get(1).vmaf() + 2);
    }

    @Test
    void aLowerRungCostsAtMostPartOfTheOneAboveSoAPlayerCanStepDown() {
        // the top reaches its target cheaply; the 480p cannot reach its own and would spend to its cap
        List<PerTitleLadder.Choice> chosen = ladder.choose(List.of(rung(R1080, 94, 100, 0.3, 6000),
                rung(R480, 80, 70, 1.0, 6000)));
        assertEquals(List.of("1080p", "480p"), chosen.stream().map(c -> c.rung().name()).toList());
        PerTitleLadder.Choice top = chosen.get(0);
        PerTitleLadder.Choice low = chosen.get(1);
        assertFalse(top.capped());
        assertTrue(low.capped() && low.kbps() <= top.kbps() * PerTitleLadder.BELOW_SHARE + 0.5, low + " under " + top);
        assertEquals(Math.ceil(top.kbps() * PerTitleLadder.BELOW_SHARE), low.capKbps(), 1);
        // never past the highest CRF tried, even where the share asks for fewer bits
        PerTitleLadder.Choice floor = ladder.choose(List.of(rung(R1080, 94, 100, 0.1, 500),
                rung(R480, 80, 70, 1.0, 6000))).get(1);
        assertEquals(34.0, floor.crf(), 0.05);
    }

    @Test
    void aShareNeverCapsARungBelowWhatHoldsItsKeyframes() {
        // a still slide: every rung costs tens of kb/s, the 480p reads low and would spend more than the 720p
        List<PerTitleLadder.Choice> chosen = ladder.choose(List.of(
                tried(R720, 88, 80, 95, 35, 88, 20, 80),
                tried(R480, 80, 60, 81, 30, 72, 18, 60)));
        PerTitleLadder.Choice low = chosen.get(chosen.size() - 1);
        assertEquals("480p", low.rung().name());
        assertTrue(low.kbps() <= chosen.get(0).kbps() * PerTitleLadder.BELOW_SHARE + 0.5, "the share still decides the CRF");
        assertEquals(Math.ceil(R480.maxrateKbps() * PerTitleLadder.MIN_CAP_SHARE), low.capKbps(), 0.5,
                "a cap of a few kb/s would be a buffer smaller than one keyframe");
    }

    @Test
    void oneTrialIsNotACurve() {
        assertThrows(IllegalArgumentException.class, () -> ladder.choose(new PerTitleLadder.Candidate(R480, 80,
                List.of(new PerTitleLadder.Trial(20, 1000, 85)))));
    }
}
