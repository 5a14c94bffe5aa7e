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
    void theSamplesAreDecodedOnceThenEachCrfIsARunOfItsOwn() {
        List<List<String>> runs = TrialCommand.build("ffq", () -> "http://raw/x?sig=1", Path.of("/w/trials"), HD, RUNGS, SAMPLING);
        assertEquals(3, runs.size(), "the samples, then CRF 22 and CRF 30");
        List<String> first = runs.get(0);
        assertEquals("ffq", first.get(0));
        assertEquals(3, Collections.frequency(first, "http://raw/x?sig=1"));
        assertEquals(3, Collections.frequency(first, "-noaccurate_seek"));
        assertFalse(first.contains("libx264"));
        assertEquals("/w/trials/samples.nut", first.get(first.size() - 1));
        assertEquals("rawvideo", first.get(first.indexOf("-c:v") + 1));
        String graph = first.get(first.indexOf("-filter_complex") + 1);
        assertTrue(graph.contains("concat=n=3"), graph);
        assertTrue(graph.contains("fps=30,trim=end_frame=15"), graph);
        assertTrue(graph.endsWith("scale=1920:1080,setsar=1,format=yuv420p[ref]"), graph);
        for (int c = 0; c < 2; c++) {
            List<String> args = runs.get(1 + c);
            assertEquals("ffq", args.get(0));
            assertEquals("/w/trials/samples.nut", args.get(args.indexOf("-i") + 1));
            assertFalse(args.contains("http://raw/x?sig=1"), "the source is read by the first run only");
            // this CRF's trial of each of the 3 rungs, decoded back and scored; trial i = rung * 2 + c
            assertEquals(3, Collections.frequency(args, "libx264"));
            assertEquals(3, Collections.frequency(args, "-dec"));
            assertEquals(3, Collections.frequency(args, c == 0 ? "22.0" : "30.0"));
            assertTrue(args.contains("/w/trials/trial-" + (4 + c) + ".h264"));
            String scores = args.get(args.lastIndexOf("-filter_complex") + 1);
            assertTrue(scores.contains("[dec:2]scale=1920:1080:flags=bicubic"), scores);
            assertTrue(scores.contains("log_path='/w/trials/vmaf-" + (4 + c) + ".json'"), scores);
            assertTrue(scores.contains("n_subsample=5"), scores);
            assertTrue(args.get(args.indexOf("-filter_complex") + 1).startsWith("[0:v:0]split=6[s0][r0]"));
            // the trials measure the curve: no cap, no average bitrate
            assertFalse(args.stream().anyMatch(a -> a.startsWith("-maxrate") || a.startsWith("-b:v")));
        }
    }

    @Test
    void inputsWhoseHeaderDescribesThemAreOpenedWithoutDecodingTheirStart() {
        assertFalse(TrialCommand.build("ffq", () -> "in", Path.of("/w"), HD, RUNGS, SAMPLING).get(0)
                .contains("-nofind_stream_info"));
        ProbeResult mp4 = new ProbeResult(30, 1920, 1080, 0, true, 30, true);
        List<String> args = TrialCommand.build("ffq", () -> "in", Path.of("/w"), mp4, RUNGS, SAMPLING).get(0);
        assertEquals(3, Collections.frequency(args, "-nofind_stream_info"));
        // an input's options go before its -i
        assertEquals("-noaccurate_seek", args.get(args.indexOf("-nofind_stream_info") + 1));
    }

    @Test
    void aRotatedSourceIsScoredAtItsDisplaySize() {
        ProbeResult portrait = new ProbeResult(10, 1920, 1080, 90, false, 30);
        List<List<String>> runs = TrialCommand.build("ffq", () -> "in", Path.of("/w"), portrait,
                new LadderPlanner().plan(1080, 1920), SAMPLING);
        String graph = runs.get(0).get(runs.get(0).indexOf("-filter_complex") + 1);
        assertTrue(graph.contains("scale=1080:1920,setsar=1,format=yuv420p"), graph);
        String scores = runs.get(1).get(runs.get(1).lastIndexOf("-filter_complex") + 1);
        assertTrue(scores.contains("[dec:0]scale=1080:1920:flags=bicubic"), scores);
    }

    @Test
    void eachSampleOpensWithAKeyframe() {
        List<List<String>> runs = TrialCommand.build("ffq", () -> "in", Path.of("/w"), HD, RUNGS, SAMPLING);
        // 0.5 s at 30 fps: 15 frames a sample; 3 rungs in each CRF's run
        assertEquals(3, Collections.frequency(runs.get(1), "expr:eq(mod(n,15),0)"));
        assertEquals(3, Collections.frequency(runs.get(2), "expr:eq(mod(n,15),0)"));
    }

    @Test
    void theBitrateWeighsKeyframesAsTheRealGopHasThem() {
        // two samples: each a 1000-byte IDR (with a 20-byte SPS and PPS) and two 100-byte P-frames
        java.io.ByteArrayOutputStream h264 = new java.io.ByteArrayOutputStream();
        for (int sample = 0; sample < 2; sample++) {
            nal(h264, 7, 10);
            nal(h264, 8, 10);
            nal(h264, 5, 980);
            nal(h264, 1, 100);
            nal(h264, 1, 100);
        }
        // a GOP of 60 frames at 30 fps: 1 keyframe of 1000 bytes and 59 of 100 a GOP
        double expected = (1000.0 / 60 + 100.0 * 59 / 60) * 8 * 30 / 1000;
        assertEquals(expected, TrialCommand.kbps(h264.toByteArray(), 30), 0.05);
        // the plain size, 2800 bytes in 6 frames, would say four times as much
        assertTrue(expected * 4 < 2800.0 / 6 * 8 * 30 / 1000);
    }

    @Test
    void aStreamWithoutAKeyframeIsRefused() {
        java.io.ByteArrayOutputStream h264 = new java.io.ByteArrayOutputStream();
        nal(h264, 1, 100);
        assertThrows(IllegalArgumentException.class, () -> TrialCommand.kbps(h264.toByteArray(), 30));
    }

    /** A NAL unit of {@code size} bytes with its header (the type), after a 4-byte start code. */
    private static void nal(java.io.ByteArrayOutputStream out, int type, int size) {
        out.writeBytes(new byte[] {0, 0, 0, 1, (byte) (0x60 | type)});
        byte[] payload = new byte[size - 1];
        java.util.Arrays.fill(payload, (byte) 0x55);
        out.writeBytes(payload);
    }

    @Test
    void refusesTooFewCrfs() {
        assertThrows(IllegalArgumentException.class,
                () -> new TrialCommand.Sampling(3, 0.5, 5, List.of(22.0), "veryfast"));
    }
}
