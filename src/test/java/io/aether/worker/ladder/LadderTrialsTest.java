package io.aether.worker.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.aether.media.Encoding;
import io.aether.media.LadderPlanner;
import io.aether.media.PerTitleLadder;
import io.aether.media.PerTitleLadder.Trial;
import io.aether.media.Rendition;
import io.aether.media.TrialCommand;
import org.junit.jupiter.api.Test;

/** The worker's side of the rung choice, on made-up quality curves: targets and caps by rung, the hull. */
class LadderTrialsTest {
    private static final LadderSettings SETTINGS = new LadderSettings("per-title", "ffq", List.of(94.0, 88.0, 80.0),
            List.of(8000, 4500, 2000), new TrialCommand.Sampling(3, 0.5, 5, List.of(22.0, 30.0), "veryfast"), 40, 1);
    private static final io.aether.media.SampleDensity DENSITY = new io.aether.media.SampleDensity(29, 119, 0.5);
    private final LadderTrials trials = new LadderTrials(SETTINGS, DENSITY, null, null, null, null, null);

    private List<PerTitleLadder.Candidate> candidates(List<Rendition> planned, List<List<Trial>> curves) {
        List<Rendition> rungs = trials.candidates(planned);
        return java.util.stream.IntStream.range(0, rungs.size()).mapToObj(i ->
                new PerTitleLadder.Candidate(rungs.get(i), SETTINGS.target(i), curves.get(i))).toList();
    }

    @Test
    void eachRungGetsItsTargetAndCapByPlace() {
        List<Rendition> rungs = trials.candidates(new LadderPlanner().plan(1920, 1080));
        assertEquals(List.of(8000, 4500, 2000), rungs.stream().map(Rendition::maxrateKbps).toList());
        assertEquals(List.of(12000, 6750, 3000), rungs.stream().map(Rendition::bufsizeKbps).toList());
        // a 720p source: its top rung is the top, with the top's target and cap; nothing above the source
        List<Rendition> small = trials.candidates(new LadderPlanner().plan(1280, 720));
        assertEquals(List.of("720p", "480p"), small.stream().map(Rendition::name).toList());
        assertEquals(8000, small.get(0).maxrateKbps());
        assertEquals(94.0, SETTINGS.target(0));
        assertEquals(80.0, SETTINGS.target(7), "a rung past the list gets the last target");
    }

    @Test
    void aBusySourceGetsCrfsThatReachTheTargetsAndTheRecordSaysHow() {
        List<Rendition> ladder = trials.chosen(candidates(new LadderPlanner().plan(1920, 1080), List.of(
                List.of(new Trial(22, 6000, 96), new Trial(30, 2000, 90)),
                List.of(new Trial(22, 3000, 91), new Trial(30, 1100, 84)),
                List.of(new Trial(22, 1500, 84), new Trial(30, 500, 75)))));
        assertEquals(List.of("1080p", "720p", "480p"), ladder.stream().map(Rendition::name).toList());
        Encoding top = ladder.get(0).encoding();
        assertEquals(Encoding.CAPPED_CRF, top.mode());
        assertEquals(24.7, top.crf(), 0.05); // 96 - 94 = 2 of the 6 points between CRF 22 and 30
        assertEquals(94.0, top.targetVmaf());
        assertEquals(8000, top.maxrateKbps());
        assertFalse(top.capped());
        assertEquals(8000, ladder.get(0).maxrateKbps());
    }

    @Test
    void aStillSlideKeepsFewRungsAtTheHighestCrfTried() {
        // every rung near 99 even at CRF 30: a lower rung adds nothing a viewer sees over the one above
        List<Rendition> ladder = trials.chosen(candidates(new LadderPlanner().plan(1920, 1080), List.of(
                List.of(new Trial(22, 200, 99.5), new Trial(30, 90, 99.0)),
                List.of(new Trial(22, 120, 98.9), new Trial(30, 60, 98.2)),
                List.of(new Trial(22, 70, 97.0), new Trial(30, 40, 95.5)))));
        assertTrue(ladder.size() < 3, ladder.toString());
        assertTrue(ladder.stream().allMatch(r -> r.encoding().crf() == 30.0), ladder.toString());
    }

    @Test
    void aSourceTooHardForTheCapStopsThereAndSaysSo() {
        List<Rendition> ladder = trials.chosen(candidates(new LadderPlanner().plan(1920, 1080), List.of(
                List.of(new Trial(22, 30000, 95), new Trial(30, 9000, 88)),
                List.of(new Trial(22, 14000, 88), new Trial(30, 4000, 80)),
                List.of(new Trial(22, 6000, 80), new Trial(30, 1800, 71)))));
        Encoding top = ladder.get(0).encoding();
        assertTrue(top.capped(), top.toString());
    }

    @Test
    void theDeploymentSettingIsPerTitleOrFixed() {
        assertThrows(IllegalArgumentException.class, () -> new LadderSettings("best", "", List.of(94.0),
                List.of(8000), SETTINGS.sampling(), 40, 1));
    }

    @Test
    void readsTheFramesScoresButTheFirst() throws Exception {
        // the first frame's motion is scored against nothing: 40 where the rest read 90 and 92
        assertEquals(List.of(90.0, 92.0), io.aether.media.VmafLog.vmaf("{\"frames\":[{\"metrics\":{\"vmaf\":40}},"
                + "{\"metrics\":{\"vmaf\":90}},{\"metrics\":{\"vmaf\":92}}]}"));
        assertThrows(io.aether.media.InvalidMediaException.class, () -> io.aether.media.VmafLog.vmaf("{\"frames\":[]}"));
        assertThrows(io.aether.media.InvalidMediaException.class,
                () -> io.aether.media.VmafLog.vmaf("{\"frames\":[{\"metrics\":{}},{\"metrics\":{\"psnr\":40}}]}"));
    }
}
