package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityCommandTest {
    private static final List<Rendition> LADDER = new LadderPlanner().plan(1920, 1080);
    private static final QualityCommand.Sampled SAMPLED = new QualityCommand.Sampled(Path.of("/w/reference.nut"), 30,
            1920, 1080);

    @Test
    void theSinglePassAlsoWritesEveryNthFrameAtTheDisplaySize() {
        List<String> args = FfmpegCommand.build("ffmpeg", Path.of("/w/source"), Path.of("/w/out"), Path.of("/w/p"),
                new ProbeResult(10, 1920, 1080, 0, false, 30), LADDER, 10, "veryfast", SAMPLED);
        String graph = args.get(args.indexOf("-filter_complex") + 1);
        assertTrue(graph.startsWith("[0:v]fps=30,split=4[s0][s1][s2][s3];"), graph);
        assertTrue(graph.endsWith(";[s3]select='between(mod(n\\,30)\\,15\\,16)',scale=1920:1080,format=yuv420p[ref]"), graph);
        // the rungs' output first, unchanged; then the reference, raw, every frame kept as it is
        int ref = args.indexOf("[ref]");
        assertTrue(args.indexOf("/w/out/%v.m3u8") < ref, args.toString());
        assertEquals(List.of("-map", "[ref]", "-fps_mode", "passthrough", "-an", "-c:v", "rawvideo", "-f", "nut",
                "/w/reference.nut"), args.subList(ref - 1, args.size()));
    }

    @Test
    void aChunkWritesOnlyItsOwnFramesSoItsRunEndsWithIt() {
        ChunkPlan.Chunk chunk = ChunkPlan.plan(60, 30, 10, 1, 20, 2).chunks().get(1);
        List<String> args = ChunkCommand.video("ffmpeg", "in", Path.of("/w/out"), Path.of("/w/p"), chunk, LADDER, 10,
                "veryfast", 1, SAMPLED);
        String graph = args.get(args.indexOf("-filter_complex") + 1);
        assertTrue(graph.contains("select='between(mod(n\\,30)\\,15\\,16)*lt(n\\," + chunk.frames() + ")'"), graph);
        assertEquals(Long.toString(QualityCommand.samples(chunk.frames(), 30)), args.get(args.lastIndexOf("-frames:v") + 1));
        assertEquals("/w/reference.nut", args.get(args.size() - 1));
    }

    @Test
    void withoutSamplingTheCommandsAreAsBefore() {
        List<String> args = FfmpegCommand.build("ffmpeg", Path.of("/w/source"), Path.of("/w/out"), Path.of("/w/p"),
                new ProbeResult(10, 1920, 1080, 0, false, 30), LADDER, 10, "veryfast", null);
        assertFalse(args.contains("[ref]"));
        assertEquals("/w/out/%v.m3u8", args.get(args.size() - 1));
    }

    @Test
    void theMeasureRunScoresEachRungScaledUpBicubicWithOneLogEach() {
        List<String> args = QualityCommand.measure("qffmpeg", Path.of("/w/reference.nut"),
                List.of(Path.of("/w/out/1080p.m3u8"), Path.of("/w/out/480p.m3u8")),
                List.of(Path.of("/w/q-1080p.json"), Path.of("/w/q-480p.json")), 30, 1920, 1080, true, 2);
        assertEquals("qffmpeg", args.get(0));
        assertEquals(List.of("/w/reference.nut", "/w/out/1080p.m3u8", "/w/out/480p.m3u8"),
                List.of(args.get(args.indexOf("-i") + 1), args.get(args.indexOf("-i") + 5), args.get(args.lastIndexOf("-i") + 1)));
        String graph = args.get(args.indexOf("-filter_complex") + 1);
        assertTrue(graph.startsWith("[0:v]settb=1/10,setpts=N,split=2[r0][r1];"), graph);
        assertTrue(graph.contains("[2:v]select='between(mod(n\\,30)\\,15\\,16)',settb=1/10,setpts=N,scale=1920:1080:flags=bicubic,"
                + "format=yuv420p[d1]"), graph);
        // every 30: both frames of each pair scored (the first frames alone would all be odd ones)
        assertTrue(graph.contains("[d1][r1]libvmaf=shortest=1:model=version=vmaf_v0.6.1:n_threads=2:"
                + "feature=name=psnr|name=float_ssim:log_fmt=json:log_path=/w/q-480p.json[o1]"), graph);
        assertEquals(List.of("-map", "[o0]", "-map", "[o1]", "-f", "null", "-"), args.subList(args.size() - 7, args.size()));
    }

    @Test
    void everyFrameIsScoredWhenEveryFrameIsTaken() {
        List<String> args = QualityCommand.measure("qffmpeg", Path.of("/w/reference.nut"),
                List.of(Path.of("/w/out/1080p.m3u8")), List.of(Path.of("/w/q.json")), 1, 1920, 1080, true, 2);
        String graph = args.get(args.indexOf("-filter_complex") + 1);
        assertFalse(graph.contains("n_subsample"), graph);
        assertEquals(91, QualityCommand.scored(91, 1));
    }

    @Test
    void withAnOddSpacingOnlyTheFirstFrameOfEachPairIsScored() {
        List<String> args = QualityCommand.measure("qffmpeg", Path.of("/w/reference.nut"),
                List.of(Path.of("/w/out/1080p.m3u8")), List.of(Path.of("/w/q.json")), 59, 1920, 1080, true, 2);
        String graph = args.get(args.indexOf("-filter_complex") + 1);
        assertTrue(graph.contains("select='between(mod(n\\,59)\\,29\\,30)'"), graph);
        // its neighbour is there for the motion feature only
        assertTrue(graph.contains("[d0][r0]libvmaf=shortest=1:n_subsample=2:model=version=vmaf_v0.6.1:"), graph);
        // frames 29, 88, 147 of 150; frame 29 of 30 is one, and of 29 frames none
        assertEquals(3, QualityCommand.scored(150, 59));
        assertEquals(1, QualityCommand.scored(30, 59));
        assertEquals(0, QualityCommand.scored(29, 59));
        // an even spacing scores both frames of each pair
        assertEquals(QualityCommand.samples(107, 30), QualityCommand.scored(107, 30));
    }

    @Test
    void withoutLibvmafItRunsPsnrAndSsim() {
        List<String> args = QualityCommand.measure("ffmpeg", Path.of("/w/reference.nut"),
                List.of(Path.of("/w/out/480p.m3u8")), List.of(Path.of("/w/q-480p")), 10, 1280, 720, false, 1);
        String graph = args.get(args.indexOf("-filter_complex") + 1);
        assertFalse(graph.contains("libvmaf"), graph);
        assertTrue(graph.contains("psnr=shortest=1:stats_file=/w/q-480p.psnr[o0]"), graph);
        assertTrue(graph.contains("ssim=shortest=1:stats_file=/w/q-480p.ssim[p0]"), graph);
        assertTrue(args.containsAll(List.of("[o0]", "[p0]")));
    }

    @Test
    void aPathTheGraphCannotHoldIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> QualityCommand.measure("ffmpeg", Path.of("r.nut"),
                List.of(Path.of("a.m3u8")), List.of(Path.of("/w/a:b;c")), 30, 640, 360, true, 1));
        assertThrows(IllegalArgumentException.class, () -> new QualityCommand.Sampled(Path.of("r"), 0, 640, 360));
        assertEquals(6, QualityCommand.samples(91, 30));
        assertEquals(7, QualityCommand.samples(106, 30));
        assertEquals(8, QualityCommand.samples(107, 30));
        assertEquals(91, QualityCommand.samples(91, 1));
        assertEquals(6, QualityCommand.samples(90, 30));
    }
}
