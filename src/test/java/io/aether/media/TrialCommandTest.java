package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
    void samplesLieWithinThePictureWhenTheSoundGoesOnAfterIt() {
        // 12 s of picture in 30 s of sound: samples past its end would read no frame
        List<String> args = first(new ProbeResult(30, 1920, 1080, 0, true, 30, true, 12), RUNGS);
        List<String> seeks = new java.util.ArrayList<>();
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals("-ss")) {
                seeks.add(args.get(i + 1));
            }
        }
        assertEquals(List.of("1.750", "5.750", "9.750"), seeks);
    }

    @Test
    void theFirstRunDecodesTheSamplesOnceKeepsThemAndTriesEachRungAtItsCrf() {
        List<String> first = TrialCommand.first("ffq", () -> "http://raw/x?sig=1", Path.of("/w/trials"), HD, RUNGS,
                SAMPLING, Map.of(0, 30.0, 1, 30.0, 2, 30.0));
        assertEquals("ffq", first.get(0));
        assertEquals(3, Collections.frequency(first, "http://raw/x?sig=1"));
        assertEquals(3, Collections.frequency(first, "-noaccurate_seek"));
        assertEquals("/w/trials/samples.nut", first.get(first.size() - 1));
        assertEquals("rawvideo", first.get(first.lastIndexOf("-c:v") + 1));
        String graph = first.get(first.indexOf("-filter_complex") + 1);
        assertTrue(graph.contains("concat=n=3"), graph);
        assertTrue(graph.contains("fps=30,trim=end_frame=15"), graph);
        // the samples at the display size, kept for the later runs and tried by this one
        assertTrue(graph.contains("scale=1920:1080,setsar=1,format=yuv420p,split[kept][samples];[samples]split=6[s0][r0]"),
                graph);
        assertTrue(first.indexOf("[kept]") > first.lastIndexOf("-filter_complex"), "an output of its own, last");
        trialsOf(first, 3, "30.0");
    }

    @Test
    void aLaterRunTriesOnlyTheRungsAskedEachAtItsOwnCrfFromTheKeptSamples() {
        List<String> next = TrialCommand.next("ffq", Path.of("/w/trials"), HD, RUNGS, SAMPLING,
                new java.util.LinkedHashMap<>(Map.of(0, 22.0, 2, 38.5)));
        assertEquals("/w/trials/samples.nut", next.get(next.indexOf("-i") + 1));
        assertEquals(1, Collections.frequency(next, "-i"), "the source is read by the first run only");
        assertEquals(2, Collections.frequency(next, "libx264"));
        assertTrue(next.contains("/w/trials/trial-0-22.0.h264"), next.toString());
        assertTrue(next.contains("/w/trials/trial-2-38.5.h264"), next.toString());
        assertFalse(next.contains("/w/trials/trial-1-22.0.h264"));
        // the 480p rung is scaled down for its encode and its trial back up to the display size for VMAF
        String graph = next.get(next.indexOf("-filter_complex") + 1);
        assertTrue(graph.startsWith("[0:v:0]split=4[s0][r0][s1][r1];[s0]scale=1920:1080"), graph);
        assertTrue(graph.contains("[s1]scale=" + RUNGS.get(2).width() + ":" + RUNGS.get(2).height()), graph);
        String scores = next.get(next.lastIndexOf("-filter_complex") + 1);
        assertTrue(scores.contains("log_path='/w/trials/vmaf-2-38.5.json'"), scores);
    }

    /** A run's trials: each encoded uncapped, decoded back in the run and scored at the display size. */
    private static void trialsOf(List<String> args, int rungs, String crf) {
        assertEquals(rungs, Collections.frequency(args, "libx264"));
        assertEquals(rungs, Collections.frequency(args, "-dec"));
        assertEquals(rungs, Collections.frequency(args, crf));
        for (int r = 0; r < rungs; r++) {
            assertTrue(args.contains("/w/trials/trial-" + r + "-" + crf + ".h264"), args.toString());
        }
        String scores = args.get(args.lastIndexOf("-filter_complex") + 1);
        assertTrue(scores.contains("[dec:2]scale=1920:1080:flags=bicubic"), scores);
        assertTrue(scores.contains("log_path='/w/trials/vmaf-1-" + crf + ".json'"), scores);
        assertTrue(scores.contains("n_subsample=5"), scores);
        // the trials measure the curve: no cap, no average bitrate
        assertFalse(args.stream().anyMatch(a -> a.startsWith("-maxrate") || a.startsWith("-b:v")));
    }

    @Test
    void inputsWhoseHeaderDescribesThemAreOpenedWithoutDecodingTheirStart() {
        assertFalse(first(HD, RUNGS).contains("-nofind_stream_info"));
        List<String> args = first(new ProbeResult(30, 1920, 1080, 0, true, 30, true), RUNGS);
        assertEquals(3, Collections.frequency(args, "-nofind_stream_info"));
        // an input's options go before its -i
        assertEquals("-noaccurate_seek", args.get(args.indexOf("-nofind_stream_info") + 1));
    }

    @Test
    void aRotatedSourceIsScoredAtItsDisplaySize() {
        List<String> first = first(new ProbeResult(10, 1920, 1080, 90, false, 30), new LadderPlanner().plan(1080, 1920));
        String graph = first.get(first.indexOf("-filter_complex") + 1);
        assertTrue(graph.contains("scale=1080:1920,setsar=1,format=yuv420p"), graph);
        String scores = first.get(first.lastIndexOf("-filter_complex") + 1);
        assertTrue(scores.contains("[dec:0]scale=1080:1920:flags=bicubic"), scores);
    }

    @Test
    void eachSampleOpensWithAKeyframe() {
        // 0.5 s at 30 fps: 15 frames a sample; 3 rungs in the run
        assertEquals(3, Collections.frequency(first(HD, RUNGS), "expr:eq(mod(n,15),0)"));
    }

    private static List<String> first(ProbeResult probe, List<Rendition> rungs) {
        Map<Integer, Double> crfs = new java.util.LinkedHashMap<>();
        for (int i = 0; i < rungs.size(); i++) {
            crfs.put(i, 30.0);
        }
        return TrialCommand.first("ffq", () -> "in", Path.of("/w"), probe, rungs, SAMPLING, crfs);
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
