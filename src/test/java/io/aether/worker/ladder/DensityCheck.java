package io.aether.worker.ladder;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import io.aether.media.ChunkCommand;
import io.aether.media.ChunkPlan;
import io.aether.media.LadderPlanner;
import io.aether.media.PerTitleLadder;
import io.aether.media.ProbeResult;
import io.aether.media.QualityCommand;
import io.aether.media.Rendition;
import io.aether.media.TrialCommand;

/**
 * A tool, not a test: what the sampling density is decided from, against what the real encode's
 * frames score. On a local 1080p30 file it runs the worker's trial run (printing each trial's
 * per-frame VMAF spread and the ladder chosen), then encodes that ladder in the worker's chunks
 * (ChunkCommand, one thread) and scores every frame of every rung with the worker's measure command
 * at every frame. Writes {@code out/frames.tsv}: frame, then each rung's VMAF (each chunk's first frame,
 * scored without motion, as NaN), for SamplingError to pool as the sampling would (docs/quality.md).
 * Usage: DensityCheck file seconds outDir (AETHER_QUALITY_FFMPEG: the ffmpeg with libvmaf)
 */
public final class DensityCheck {
    public static void main(String[] a) throws Exception {
        Path file = Path.of(a[0]);
        double duration = Double.parseDouble(a[1]);
        Path out = Files.createDirectories(Path.of(a[2]));
        String vmafFfmpeg = System.getenv("AETHER_QUALITY_FFMPEG");
        TrialCommand.Sampling s = new TrialCommand.Sampling(5, 0.13, 3, List.of(22.0, 30.0, 38.0), "veryfast");
        LadderSettings settings = new LadderSettings("per-title", vmafFfmpeg, List.of(94.0, 88.0, 80.0),
                List.of(8000, 4500, 2000), s, 40, 1);
        ProbeResult probe = new ProbeResult(duration, 1920, 1080, 0, true, 30);
        LadderTrials trials = new LadderTrials(settings, new io.aether.media.SampleDensity(29, 119, 0.4), null, null,
                k -> k, null, null);
        List<Rendition> rungs = trials.candidates(new LadderPlanner().plan(1920, 1080));
        Path trialDir = Files.createDirectories(out.resolve("trials"));
        TrialPlan trialPlan = TrialLoop.run(trials, vmafFfmpeg, file, trialDir, probe, rungs, s, c -> run(c, "trials"));
        List<PerTitleLadder.Candidate> candidates = trialPlan.candidates();
        for (PerTitleLadder.Candidate c : candidates) {
            System.out.println("TRIAL " + c.rung().name() + " " + c.trials());
        }
        List<Rendition> ladder = trials.chosen(candidates);
        ladder.forEach(r -> System.out.printf(Locale.ROOT, "CHOSEN %s crf %.1f cap %d capped %s%n", r.name(),
                r.encoding().crf(), r.encoding().maxrateKbps(), r.encoding().capped()));
        ChunkPlan plan = ChunkPlan.plan(duration, 30, 10, 6, 20, 2);
        List<double[]> frames = new ArrayList<>();
        for (ChunkPlan.Chunk chunk : plan.chunks()) {
            Path dir = Files.createDirectories(out.resolve("chunk-" + chunk.index()));
            Path hls = Files.createDirectories(dir.resolve("out"));
            QualityCommand.Sampled every = new QualityCommand.Sampled(dir.resolve("ref.nut"), 1, 1920, 1080,
                    chunk.startFrame(), chunk.frames());
            run(ChunkCommand.video("ffmpeg", file.toString(), hls, dir.resolve("progress"), chunk, ladder, 10,
                    "veryfast", 1, every), "encode chunk " + chunk.index());
            List<Path> playlists = new ArrayList<>();
            List<Path> logs = new ArrayList<>();
            for (Rendition r : ladder) {
                playlists.add(hls.resolve(r.name() + ".m3u8"));
                logs.add(dir.resolve(r.name() + ".json"));
            }
            run(QualityCommand.measure(vmafFfmpeg, every, playlists, logs, true, 1), "measure chunk " + chunk.index());
            List<JsonNode> perRung = new ArrayList<>();
            for (Path log : logs) {
                perRung.add(Json.MAPPER.readTree(Files.readString(log)).path("frames"));
            }
            for (int f = 0; f < chunk.frames(); f++) {
                double[] row = new double[ladder.size()];
                for (int r = 0; r < ladder.size(); r++) {
                    row[r] = f == 0 ? Double.NaN : perRung.get(r).get(f).path("metrics").get("vmaf").asDouble();
                }
                frames.add(row);
            }
            Files.delete(dir.resolve("ref.nut"));
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("frames.tsv")))) {
            w.println("# chunks " + plan.chunks().stream().map(c -> c.startFrame() + "+" + c.frames()).toList());
            w.println("frame\t" + String.join("\t", ladder.stream().map(Rendition::name).toList()));
            for (int f = 0; f < frames.size(); f++) {
                StringBuilder line = new StringBuilder(Integer.toString(f));
                for (double v : frames.get(f)) {
                    line.append('\t').append(String.format(Locale.ROOT, "%.4f", v));
                }
                w.println(line);
            }
        }
    }

    private static void run(List<String> command, String what) throws Exception {
        List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "TIME %e wall %U user %S sys"));
        timed.addAll(command);
        Process p = new ProcessBuilder(timed).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(what + ": " + text);
        }
        System.out.println(what + " " + text.lines().filter(l -> l.startsWith("TIME")).findFirst().orElse(text));
    }

    static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    static double sd(List<Double> v) {
        double m = mean(v);
        return Math.sqrt(v.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / Math.max(1, v.size() - 1));
    }
}
