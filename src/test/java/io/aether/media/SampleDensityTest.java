package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** How densely a video is measured, from how widely its trials' frames score (docs/quality.md, Sampling). */
class SampleDensityTest {
    private static final SampleDensity DENSITY = new SampleDensity(29, 119, 0.5);
    private static final long MINUTE = 1800;

    @Test
    void framesThatScoreAlikeAreSampledSparselyAndWidelySpreadOnesDensely() {
        assertEquals(119, DENSITY.every(0.4, MINUTE), "a still slide");
        assertEquals(29, DENSITY.every(13.9, MINUTE), "a capped fractal");
        // 1800 x (0.5 / 2)^2 = 112.5: the sparsest whose standard error is within half a point
        assertEquals(112, DENSITY.every(2, MINUTE));
        assertTrue(0.5 >= 2 * Math.sqrt(112.0 / MINUTE) && 0.5 < 2 * Math.sqrt(113.0 / MINUTE));
        assertEquals(119, DENSITY.every(0, MINUTE), "frames that all score the same");
    }

    @Test
    void aShortVideoIsSampledMoreDenselyThanALongOneThatSpreadsAsMuch() {
        // the error falls with the frames scored, and a short video has fewer in every N
        assertEquals(119, DENSITY.every(1.5, MINUTE));
        assertEquals(41, DENSITY.every(1.5, 370));
        assertEquals(29, DENSITY.every(1.5, 90));
    }

    @Test
    void nothingKnownMeansTheDensest() {
        assertEquals(29, DENSITY.every(Double.NaN, MINUTE), "a spread the trials could not give");
        assertEquals(29, DENSITY.every(0.1, 0), "a video of unknown length");
        assertEquals(29, new SampleDensity(29, 29, 0.5).every(0.1, MINUTE), "the sparsest set to the densest");
    }

    @Test
    void theSpreadAtARungsCrfLiesBetweenTheTrialsAroundIt() {
        List<Double> crfs = List.of(22.0, 30.0, 38.0);
        List<Double> spreads = List.of(0.2, 0.6, 4.6);
        assertEquals(2.6, SampleDensity.spreadAt(crfs, spreads, 34), 1e-9);
        assertEquals(0.4, SampleDensity.spreadAt(crfs, spreads, 26), 1e-9);
        assertEquals(0.2, SampleDensity.spreadAt(crfs, spreads, 18), "below the lowest CRF tried, its own");
        assertEquals(4.6, SampleDensity.spreadAt(crfs, spreads, 40), "above the highest, its own");
        assertThrows(IllegalArgumentException.class, () -> SampleDensity.spreadAt(crfs, List.of(1.0), 30));
    }

    @Test
    void aTrialsSpreadIsTheStandardDeviationOfItsFrames() {
        assertEquals(2.0, SampleDensity.spread(List.of(90.0, 92.0, 94.0)), 1e-9);
        assertTrue(Double.isNaN(SampleDensity.spread(List.of(90.0))), "one frame says nothing of a spread");
    }

    @Test
    void settingsThatContradictAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SampleDensity(59, 29, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new SampleDensity(0, 29, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new SampleDensity(29, 119, 0));
    }
}
