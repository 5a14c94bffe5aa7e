package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The measurement as the jobs run it: Debian's ffmpeg encodes the ladder and keeps a pair of frames out of every N,
 * the pinned ffmpeg (scripts/ffmpeg-vmaf) scores the rungs. Sampling pairs must not move the pooled
 * VMAF mean by more than a point against scoring every frame, on grain and on a smooth zoom, where
 * single frames N apart read as fast motion and score 10 points high. One frame in every 5 here (its neighbours beside it): a 6 s
 * clip has too few frames for the default's sparser pairs to pool within a point (6 frames of grain
 * once read 1.7 low); over a whole video the default's are checked by bench/quality against its own
 * measurement.
 */
class QualityRunTest {
    private static final String DEBIAN = "/usr/bin/ffmpeg";
    private static final int EVERY = 58;
    private static final int DENSE = 5;
    private static String vmafFfmpeg;
    /** The grain source, made once for three tests: its CRF 12 encode costs more than a test's own encodes. */
    @TempDir
    static Path sources;
    private static Path grain;

    @TempDir
    Path tmp;
    private QualityRuns runs;

    @BeforeAll
    static void install() throws Exception {
        vmafFfmpeg = io.aether.it.Tools.vmafFfmpeg();
    }

    @BeforeEach
    void runsInTmp() {
        runs = new QualityRuns(tmp, vmafFfmpeg);
    }

    /** 6 s of 720p30 with motion and grain: its frames do not all score alike. */
    private Path source() throws Exception {
        if (grain == null) {
            Path source = sources.resolve("source.mp4");
            runs.run(List.of(DEBIAN, "-v", "error", "-f", "lavfi", "-i",
                    "testsrc2=size=1280x720:rate=30:duration=6,noise=alls=10:allf=t", "-c:v", "libx264",
                    // the reference's own encode: its speed, not its size, matters to these tests
                    "-preset", "ultrafast", "-crf", "12", "-pix_fmt", "yuv420p", source.toString()));
            grain = source;
        }
        return grain;
    }

    /** 6 s of a 720p30 fractal zoom: smooth motion, where neighbouring frames differ little. */
    private Path smooth() throws Exception {
        Path source = tmp.resolve("smooth.mp4");
        runs.run(List.of(DEBIAN, "-v", "error", "-f", "lavfi", "-i", "mandelbrot=size=1280x720:rate=30", "-t", "6",
                "-c:v", "libx264", "-preset", "ultrafast", "-crf", "12", "-pix_fmt", "yuv420p", source.toString()));
        return source;
    }

    @Test
    void sampledPooledMeanIsWithinAPointOfScoringEveryFrame() throws Exception {
        sampledAgainstFull(source());
        sampledAgainstFull(smooth());
    }

    /**
     * One encode, measured on every frame and on the first frames of pairs of every 5 of the same frames: two encodes of
     * the same source differ a little (x264's threads under VBV), and a loaded machine once made one
     * of them a point worse, which is not the sampling's error.
     */
    private void sampledAgainstFull(Path source) throws Exception {
        ProbeResult probe = new ProbeResult(6, 1280, 720, 0, false, 30);
        List<Rendition> ladder = new LadderPlanner().plan(1280, 720);
        Path dir = Files.createDirectories(tmp.resolve("once" + source.getFileName()));
        List<Path> rungs = runs.encode(source, probe, ladder, 1, dir);
        List<QualityPool> full = runs.measure(new QualityCommand.Sampled(dir.resolve(QualityCommand.REFERENCE), 1,
                1280, 720), rungs, dir.resolve("full"));
        QualityCommand.Sampled dense = new QualityCommand.Sampled(dir.resolve("dense.nut"), DENSE, 1280, 720, 0, 180);
        List<String> thin = new ArrayList<>(List.of(DEBIAN, "-v", "error", "-i",
                dir.resolve(QualityCommand.REFERENCE).toString(), "-filter_complex", "[0:v]" + dense.branch()));
        thin.addAll(dense.output());
        runs.run(thin);
        List<QualityPool> sampled = runs.measure(dense, rungs, dir.resolve("dense"));
        for (int i = 0; i < ladder.size(); i++) {
            Quality s = sampled.get(i).quality(QualityCommand.MODEL);
            Quality f = full.get(i).quality(QualityCommand.MODEL);
            assertEquals(dense.sampling().scored() - 1, s.frames(), "one in every 5 of 180, its neighbours beside it");
            assertEquals(179, f.frames());
            assertEquals(f.vmafMean(), s.vmafMean(), 1.0, ladder.get(i).name() + ": sampled " + s + ", full " + f);
            assertTrue(s.vmafMean() > 20 && s.vmafMean() <= 100 && s.psnr() > 20 && s.ssim() > 0.5, s.toString());
            sameAsEveryFrame(dense.sampling().scoredFrames(), Path.of(dir.resolve("dense") + "-" + i + ".json"),
                    Path.of(dir.resolve("full") + "-" + i + ".json"));
        }
        Quality top = sampled.get(0).quality(QualityCommand.MODEL);
        Quality low = sampled.get(ladder.size() - 1).quality(QualityCommand.MODEL);
        assertTrue(top.vmafMean() > low.vmafMean(), top + " against " + low);
    }

    /**
     * Each sampled frame scores what it scores in the run over every frame: its neighbours are there,
     * so its motion is the same (with a far frame before it, a scrolling automaton read 26 for 66).
     */
    private static void sameAsEveryFrame(List<Long> frames, Path sampledLog, Path fullLog) throws Exception {
        List<com.fasterxml.jackson.databind.JsonNode> sampled = VmafLog.scored(Files.readString(sampledLog));
        List<com.fasterxml.jackson.databind.JsonNode> full = VmafLog.scored(Files.readString(fullLog));
        assertEquals(frames.size(), sampled.size());
        for (int k = 0; k < frames.size(); k++) {
            // the full log's first frame (0) is left out
            double every = full.get((int) (frames.get(k) - 1)).path("metrics").path("vmaf").asDouble();
            double one = sampled.get(k).path("metrics").path("vmaf").asDouble();
            assertEquals(every, one, 0.01, "frame " + frames.get(k) + " of " + sampledLog.getFileName());
        }
    }

    @Test
    void debiansFfmpegStillMeasuresPsnrAndSsim() throws Exception {
        Path source = source();
        ProbeResult probe = new ProbeResult(6, 1280, 720, 0, false, 30);
        List<Rendition> ladder = new LadderPlanner().plan(1280, 720);
        List<QualityPool> pools = runs.encodeAndMeasure(source, probe, ladder, EVERY, DEBIAN, false);
        for (QualityPool pool : pools) {
            assertFalse(pool.hasVmaf());
            assertEquals(new SampledFrames(EVERY, 0, 180).taken(), pool.frames(), "every frame taken");
            assertTrue(pool.psnr() > 20 && pool.psnr() < 100 && pool.ssim() > 0.5 && pool.ssim() <= 1, pool.encode());
        }
        assertTrue(pools.get(0).psnr() > pools.get(pools.size() - 1).psnr());
    }

    @Test
    void aChunkKeepsOnlyItsOwnFramesAndItsRunEnds() throws Exception {
        Path source = source();
        ChunkPlan cut = ChunkPlan.plan(6, 30, 2, 1, 1, 2);
        ChunkPlan.Chunk chunk = cut.chunks().get(1);
        List<Rendition> ladder = new LadderPlanner().plan(1280, 720);
        Path out = Files.createDirectories(tmp.resolve("chunk").resolve("out"));
        QualityCommand.Sampled sampled = new QualityCommand.Sampled(tmp.resolve("chunk").resolve("ref.nut"), 10,
                1280, 720, chunk.startFrame(), chunk.frames());
        runs.run(ChunkCommand.video(DEBIAN, source.toString(), out, tmp.resolve("chunk/progress"), chunk, ladder, 2,
                "veryfast", 2, sampled));
        Path log = tmp.resolve("chunk/q.json");
        runs.run(QualityCommand.measure(vmafFfmpeg, sampled, List.of(out.resolve(ladder.get(0).name() + ".m3u8")),
                List.of(log), true, 2));
        Quality q = VmafLog.read(Files.readString(log)).quality(QualityCommand.MODEL);
        assertEquals(sampled.sampling().scored() - 1, q.frames(), "but the first");
        // frames that line up score high at 2800 kb/s; a shifted pair would not
        assertTrue(q.vmafMean() > 60 && q.psnr() > 28, q.toString());
    }

    private ProbeResult probe(Path file) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/ffprobe", "-v", "error", "-print_format", "json", "-show_format",
                "-show_streams", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        return ProbeParser.parse(json);
    }

    /** One rung measured as the single pass does it, at the probe's display size. */
    private Quality singlePass(Path source) throws Exception {
        ProbeResult probe = probe(source);
        List<Rendition> ladder = new LadderPlanner().plan(probe.displayWidth(), probe.displayHeight());
        return runs.encodeAndMeasure(source, probe, ladder, 5, vmafFfmpeg, true).get(0).quality(QualityCommand.MODEL);
    }

    @Test
    void aRotatedSourceIsMeasuredUprightAtItsDisplaySize() throws Exception {
        Path landscape = tmp.resolve("landscape.mp4");
        Path source = tmp.resolve("rotated.mp4");
        runs.run(List.of(DEBIAN, "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=2",
                "-c:v", "libx264", "-crf", "12", "-pix_fmt", "yuv420p", landscape.toString()));
        // a phone's way: the frames stored sideways, a display matrix that turns them (the pinned build sets it)
        runs.run(List.of(vmafFfmpeg, "-v", "error", "-display_rotation:v:0", "90", "-i", landscape.toString(),
                "-c", "copy", source.toString()));
        ProbeResult probe = probe(source);
        assertEquals(List.of(360, 640), List.of(probe.displayWidth(), probe.displayHeight()), "a portrait display");
        Quality q = singlePass(source);
        assertEquals(new SampledFrames(5, 0, 60).scored() - 1, q.frames(), "one in every 5 of 60 frames");
        // a reference left sideways, or frames out of line, would score far lower
        assertTrue(q.vmafMean() > 80 && q.psnr() > 30, q.toString());
    }

    @Test
    void aVariableFrameRateSourceLinesUpThroughTheFpsFilter() throws Exception {
        Path source = tmp.resolve("vfr.mkv");
        // every 4th frame dropped, timestamps kept: gaps that a constant-rate output fills
        runs.run(List.of(DEBIAN, "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=3",
                "-vf", "select='not(eq(mod(n\\,4)\\,3))'", "-fps_mode", "passthrough", "-c:v", "libx264",
                "-crf", "12", "-pix_fmt", "yuv420p", source.toString()));
        Quality q = singlePass(source);
        assertTrue(q.frames() >= 13 && q.frames() <= 18, q.toString());
        assertTrue(q.vmafMean() > 80 && q.psnr() > 30, q.toString());
    }

    @Test
    void aSourceWhoseSizeChangesMidwayIsMeasuredAtTheProbedSize() throws Exception {
        Path first = tmp.resolve("a.ts");
        Path second = tmp.resolve("b.ts");
        runs.run(List.of(DEBIAN, "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=1",
                "-c:v", "libx264", "-crf", "12", "-pix_fmt", "yuv420p", first.toString()));
        runs.run(List.of(DEBIAN, "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=480x270:rate=30:duration=1",
                "-c:v", "libx264", "-crf", "12", "-pix_fmt", "yuv420p", "-output_ts_offset", "1", second.toString()));
        // MPEG-TS joins by concatenation: the stream's size changes at the second second
        Path source = tmp.resolve("changing.ts");
        java.nio.file.Files.write(source, java.nio.file.Files.readAllBytes(first));
        java.nio.file.Files.write(source, java.nio.file.Files.readAllBytes(second),
                java.nio.file.StandardOpenOption.APPEND);
        Quality q = singlePass(source);
        assertEquals(new SampledFrames(5, 0, 60).scored() - 1, q.frames(), "one in every 5 of 60 frames, both sizes");
        // the pair across the change scores low (about 38); frames out of line would score near 20 throughout
        assertTrue(q.vmafMean() > 60 && q.psnr() > 28, q.toString());
    }
}
