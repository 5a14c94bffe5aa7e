package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The ffmpeg runs of a measured job as the jobs make them: Debian's ffmpeg encodes the ladder and keeps the
 * reference frames, the pinned one scores the rungs. QualityRunTest checks what they find.
 */
final class QualityRuns {
    private static final String DEBIAN = "/usr/bin/ffmpeg";
    private final Path tmp;
    private final String scorer;

    /** Runs in tmp; the scorer is the pinned ffmpeg (scripts/ffmpeg-vmaf). */
    QualityRuns(Path tmp, String scorer) {
        this.tmp = tmp;
        this.scorer = scorer;
    }

    void run(List<String> command) throws Exception {
        Path log = tmp.resolve("run.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "timed out: " + command);
        assertEquals(0, p.exitValue(), command + "\n" + Files.readString(log));
    }

    List<QualityPool> encodeAndMeasure(Path source, ProbeResult probe, List<Rendition> ladder, int every,
                                       String measurer, boolean vmaf) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("every" + every + measurer.hashCode()));
        List<Path> rungs = encode(source, probe, ladder, every, dir);
        return measure(measurer, new QualityCommand.Sampled(dir.resolve(QualityCommand.REFERENCE), every,
                probe.displayWidth(), probe.displayHeight()), rungs, dir.resolve("q"), vmaf);
    }

    /** The encode run as a job runs it: the ladder's playlists, and the reference frames in dir. */
    List<Path> encode(Path source, ProbeResult probe, List<Rendition> ladder, int every, Path dir)
            throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        QualityCommand.Sampled sampled = new QualityCommand.Sampled(dir.resolve(QualityCommand.REFERENCE), every,
                probe.displayWidth(), probe.displayHeight());
        run(FfmpegCommand.build(DEBIAN, source, out, dir.resolve("progress"), probe, ladder, 2, "veryfast", sampled));
        List<Path> rungs = new ArrayList<>();
        for (Rendition r : ladder) {
            rungs.add(out.resolve(r.name() + ".m3u8"));
        }
        return rungs;
    }

    List<QualityPool> measure(QualityCommand.Sampled reference, List<Path> rungs, Path stem) throws Exception {
        return measure(scorer, reference, rungs, stem, true);
    }

    List<QualityPool> measure(String measurer, QualityCommand.Sampled reference, List<Path> rungs, Path stem,
                              boolean vmaf) throws Exception {
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < rungs.size(); i++) {
            logs.add(Path.of(stem + "-" + i + (vmaf ? ".json" : "")));
        }
        run(QualityCommand.measure(measurer, reference, rungs, logs, vmaf, 2));
        List<QualityPool> pools = new ArrayList<>();
        for (Path log : logs) {
            pools.add(vmaf ? VmafLog.read(Files.readString(log)) : StatsLog.read(
                    Files.readString(Path.of(log + ".psnr")), Files.readString(Path.of(log + ".ssim"))));
        }
        return pools;
    }
}
