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
        assertTrue(graph.endsWith(";[s3]select='" + SAMPLED.sampling().select() + "',scale=1920:1080,format=yuv420p[ref]"), graph);
        assertFalse(graph.contains("*lt(n-"), "a single pass runs to the end: no count to keep threes within");
        // the rungs' output first, unchanged; then the reference, raw, every frame kept as it is
        int ref = args.indexOf("[ref]");
        assertTrue(args.indexOf("/w/out/%v.m3u8") < ref, args.toString());
        assertEquals(List.of("-map", "[ref]", "-fps_mode", "passthrough", "-an", "-c:v", "rawvideo", "-f", "nut",
                "/w/reference.nut"), args.subList(ref - 1, args.size()));
    }

    @Test
    void aChunkWritesOnlyItsOwnFramesSoItsRunEndsWithIt() {
        ChunkPlan.Chunk chunk = ChunkPlan.plan(60, 30, 10, 1, 20, 2).chunks().get(1);
        QualityCommand.Sampled sampled = new QualityCommand.Sampled(Path.of("/w/reference.nut"), 30, 1920, 1080,
                chunk.startFrame(), chunk.frames());
        List<String> args = ChunkCommand.video("ffmpeg", "in", Path.of("/w/out"), Path.of("/w/p"), chunk, LADDER, 10,
                "veryfast", 1, sampled);
        String graph = args.get(args.indexOf("-filter_complex") + 1);
        // the video's frame numbers, so the chunk continues the samples before it, and only its own frames
        assertTrue(graph.contains("(n+" + chunk.startFrame() + ")") && graph.contains("+2\\," + chunk.frames() + ")'"), graph);
        assertEquals(Long.toString(sampled.sampling().taken()), args.get(args.lastIndexOf("-frames:v") + 1));
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
        List<String> args = QualityCommand.measure("qffmpeg", SAMPLED,
                List.of(Path.of("/w/out/1080p.m3u8"), Path.of("/w/out/480p.m3u8")),
                List.of(Path.of("/w/q-1080p.json"), Path.of("/w/q-480p.json")), true, 2);
        assertEquals("qffmpeg", args.get(0));
        assertEquals(List.of("/w/reference.nut", "/w/out/1080p.m3u8", "/w/out/480p.m3u8"),
                List.of(args.get(args.indexOf("-i") + 1), args.get(args.indexOf("-i") + 5), args.get(args.lastIndexOf("-i") + 1)));
        String graph = args.get(args.indexOf("-filter_complex") + 1);
        assertTrue(graph.startsWith("[0:v]settb=1/10,setpts=N,split=2[r0][r1];"), graph);
        // the same frames as the encode run took of the source
        assertTrue(graph.contains("[2:v]select='" + SAMPLED.sampling().select() + "',settb=1/10,setpts=N,scale=1920:1080:"
                + "flags=bicubic,format=yuv420p[d1]"), graph);
        // the middle of each three scored, its neighbours there for the motion feature
        assertTrue(graph.contains("[d1][r1]libvmaf=shortest=1:n_subsample=3:model=version=vmaf_v0.6.1:n_threads=2:"
                + "feature=name=psnr|name=float_ssim:log_fmt=json:log_path=/w/q-480p.json[o1]"), graph);
        assertEquals(List.of("-map", "[o0]", "-map", "[o1]", "-f", "null", "-"), args.subList(args.size() - 7, args.size()));
    }

    @Test
    void everyFrameIsScoredWhenEveryFrameIsTaken() {
        List<String> args = QualityCommand.measure("qffmpeg", new QualityCommand.Sampled(Path.of("/w/reference.nut"),
                1, 1920, 1080), List.of(Path.of("/w/out/1080p.m3u8")), List.of(Path.of("/w/q.json")), true, 2);
        String graph = args.get(args.indexOf("-filter_complex") + 1);
        assertFalse(graph.contains("n_subsample"), graph);
        assertTrue(graph.contains("select='1'"), graph);
    }

    @Test
    void withoutLibvmafItRunsPsnrAndSsim() {
        List<String> args = QualityCommand.measure("ffmpeg", new QualityCommand.Sampled(Path.of("/w/reference.nut"),
                10, 1280, 720), List.of(Path.of("/w/out/480p.m3u8")), List.of(Path.of("/w/q-480p")), false, 1);
        String graph = args.get(args.indexOf("-filter_complex") + 1);
        assertFalse(graph.contains("libvmaf"), graph);
        assertTrue(graph.contains("psnr=shortest=1:stats_file=/w/q-480p.psnr[o0]"), graph);
        assertTrue(graph.contains("ssim=shortest=1:stats_file=/w/q-480p.ssim[p0]"), graph);
        assertTrue(args.containsAll(List.of("[o0]", "[p0]")));
    }

    @Test
    void aPathTheGraphCannotHoldIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> QualityCommand.measure("ffmpeg",
                new QualityCommand.Sampled(Path.of("r.nut"), 30, 640, 360), List.of(Path.of("a.m3u8")),
                List.of(Path.of("/w/a:b;c")), true, 1));
        assertThrows(IllegalArgumentException.class, () -> new QualityCommand.Sampled(Path.of("r"), 0, 640, 360));
    }
}
