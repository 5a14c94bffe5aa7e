package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrialCommandTest {
    private static final TrialCommand.Sampling SAMPLING =
            new TrialCommand.Sampling(3, 0.5, 5, List.of(22.0, 30.0), "veryfast");
    private static final ProbeResult HD = new ProbeResult(30, 1920, 1080, 0, true, 30);
    private static final List<Rendition> RUNGS = new LadderPlanner().plan(1920, 1080);

    @Test
    void samplesAreSpreadOverTheSource() {
        assertEquals(List.of(4.75, 14.75, 24.75), TrialCommand.starts(30, SAMPLING));
        assertEquals(45, TrialCommand.frames(30, SAMPLING, 30));
    }

    @Test
    void aSourceShorterThanASampleIsOneSampleFromItsStart() {
        assertEquals(List.of(0.0), TrialCommand.starts(0.3, SAMPLING));
        assertEquals(9, TrialCommand.frames(0.3, SAMPLING, 30));
        // room for two samples only
        assertEquals(2, TrialCommand.starts(1.2, SAMPLING).size());
    }

    @Test
    void oneRunDecodesTheSamplesOnceAndScoresEveryTrial() {
        List<String> args = TrialCommand.build("ffq", () -> "http://raw/x?sig=1", Path.of("/w/trials"), HD, RUNGS, SAMPLING);
        assertEquals("ffq", args.get(0));
        assertEquals(3, Collections.frequency(args, "http://raw/x?sig=1"));
        assertEquals(3, Collections.frequency(args, "-noaccurate_seek"));
        // 3 rungs x 2 CRFs, each decoded back and scored
        assertEquals(6, Collections.frequency(args, "-dec"));
        assertEquals(3, Collections.frequency(args, "22.0"));
        assertEquals(3, Collections.frequency(args, "30.0"));
        assertTrue(args.contains("/w/trials/trial-5.h264"));
        String scores = args.get(args.lastIndexOf("-filter_complex") + 1);
        assertTrue(scores.contains("[dec:5]scale=1920:1080:flags=bicubic"), scores);
        assertTrue(scores.contains("log_path='/w/trials/vmaf-5.json'"), scores);
        assertTrue(scores.contains("n_subsample=5"), scores);
        String graph = args.get(args.indexOf("-filter_complex") + 1);
        assertTrue(graph.contains("concat=n=3"), graph);
        assertTrue(graph.contains("fps=30,trim=end_frame=15"), graph);
        // the trials measure the curve: no cap, no average bitrate
        assertFalse(args.stream().anyMatch(a -> a.startsWith("-maxrate") || a.startsWith("-b:v")));
    }

    @Test
    void aRotatedSourceIsScoredAtItsDisplaySize() {
        ProbeResult portrait = new ProbeResult(10, 1920, 1080, 90, false, 30);
        List<String> args = TrialCommand.build("ffq", () -> "in", Path.of("/w"), portrait,
                new LadderPlanner().plan(1080, 1920), SAMPLING);
        String graph = args.get(args.indexOf("-filter_complex") + 1);
        assertTrue(graph.contains("scale=1080:1920,setsar=1,format=yuv420p"), graph);
    }

    @Test
    void refusesTooFewCrfs() {
        assertThrows(IllegalArgumentException.class,
                () -> new TrialCommand.Sampling(3, 0.5, 5, List.of(22.0), "veryfast"));
    }
}
