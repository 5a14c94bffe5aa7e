package io.aether.worker.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.aether.media.LadderPlanner;
import io.aether.media.Rendition;
import io.aether.media.SampleDensity;
import io.aether.media.TrialCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spread of the trials' frames that decides a video's sampling, read from their VMAF logs. */
class TrialSpreadTest {
    private static final List<Double> CRFS = List.of(30.0, 22.0); // the settings' order need not be ascending
    private static final SampleDensity DENSITY = new SampleDensity(29, 119, 0.5);
    private final LadderTrials trials = new LadderTrials(new LadderSettings("per-title", "ffq", List.of(94.0, 88.0, 80.0),
            List.of(8000, 4500, 2000), new TrialCommand.Sampling(3, 0.5, 5, CRFS, "veryfast"), 40, 1), DENSITY, null,
            null, null, null, null);

    @Test
    void theSamplingFollowsTheWidestSpreadOfTheKeptRungsAtTheirCrfs(@TempDir Path dir) throws Exception {
        // trials at CRF 30 then 22 (CRFS): 1080p spreads 3 at 30 and 1 at 22, 720p 1 and 0.5, 480p 12 and 9
        double[][] spreads = {{3, 1}, {1, 0.5}, {12, 9}};
        for (int t = 0; t < 6; t++) {
            double sd = spreads[t / 2][t % 2];
            // a first frame (left out) far off, then frames mean +- sd: their standard deviation is sd
            Files.writeString(dir.resolve("vmaf-" + t + ".json"), "{\"frames\":[{\"metrics\":{\"vmaf\":0}},"
                    + "{\"metrics\":{\"vmaf\":" + (80 - sd) + "}},{\"metrics\":{\"vmaf\":80}},"
                    + "{\"metrics\":{\"vmaf\":" + (80 + sd) + "}}]}");
        }
        List<Rendition> rungs = trials.candidates(new LadderPlanner().plan(1920, 1080));
        List<Rendition> kept = List.of(rungs.get(0).cappedCrf(26, 94, 8000, 12000, false),
                rungs.get(1).cappedCrf(30, 88, 4500, 6750, false));
        // 1080p at CRF 26: halfway from 1 to 3; the dropped 480p's wide frames are never measured
        assertEquals(2.0, TrialSpread.widest(dir, CRFS, rungs, kept), 1e-9);
        assertEquals(112, DENSITY.every(2.0, 1800));
        List<Rendition> all = List.of(kept.get(0), kept.get(1), rungs.get(2).cappedCrf(22, 80, 2000, 3000, false));
        assertEquals(9.0, TrialSpread.widest(dir, CRFS, rungs, all), 1e-9);
        assertEquals(29, DENSITY.every(TrialSpread.widest(dir, CRFS, rungs, all), 1800));
    }
}
