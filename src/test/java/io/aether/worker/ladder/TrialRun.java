package io.aether.worker.ladder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.aether.media.LadderPlanner;
import io.aether.media.PerTitleLadder;
import io.aether.media.ProbeResult;
import io.aether.media.Rendition;
import io.aether.media.TrialCommand;

/**
 * A tool, not a test: the worker's trial runs on a local 1080p30 file, timed (wall and CPU-s summed
 * over the runs, the largest peak resident memory of one), with the curves they measured and the
 * ladder they choose. For A/B of the trial runs' cost and for checking their predictions against real
 * encodes (docs/ladder.md); the curves print calibrated.
 * TRIAL_READ=dir chooses from a kept run's files instead of running.
 * Usage: TrialRun file seconds [crfs=22,30,38] [samples=5] [sampleSeconds=0.13] [every=3] [maxCrf=40]
 */
public final class TrialRun {
    public static void main(String[] a) throws Exception {
        Path file = Path.of(a[0]);
        double duration = Double.parseDouble(a[1]);
        List<Double> crfs = Arrays.stream((a.length > 2 ? a[2] : "22,30,38").split(",")).map(Double::parseDouble).toList();
        TrialCommand.Sampling s = new TrialCommand.Sampling(a.length > 3 ? Integer.parseInt(a[3]) : 5,
                a.length > 4 ? Double.parseDouble(a[4]) : 0.13, a.length > 5 ? Integer.parseInt(a[5]) : 3, crfs, "veryfast");
        double maxCrf = a.length > 6 ? Double.parseDouble(a[6]) : 40;
        LadderSettings settings = new LadderSettings("per-title", System.getenv("AETHER_QUALITY_FFMPEG"),
                List.of(94.0, 88.0, 80.0), List.of(8000, 4500, 2000), s, maxCrf, 1);
        // the corpus is MP4 from 0, opened as the worker opens it; TRIAL_PROBE_INPUTS=1 probes each input as before
        ProbeResult probe = new ProbeResult(duration, 1920, 1080, 0, true, 30, System.getenv("TRIAL_PROBE_INPUTS") == null);
        LadderTrials trials = new LadderTrials(settings, new io.aether.media.SampleDensity(29, 119, 0.4), null, null,
                k -> k, null, null);
        List<Rendition> rungs = trials.candidates(new LadderPlanner().plan(1920, 1080));
        // TRIAL_READ=dir: no run, the choice from a kept run's files (e.g. its VMAF logs cut to other frames)
        String kept = System.getenv("TRIAL_READ");
        Path dir = kept != null ? Path.of(kept) : Files.createTempDirectory("trialrun");
        List<String> printed = new ArrayList<>();
        double[] totals = new double[3]; // wall, CPU-s, the largest peak resident kB of a run
        TrialPlan plan = TrialLoop.run(trials, settings.qualityFfmpeg(), file, dir, probe, rungs, s, run -> {
            List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "TIME %e %U %S %M"));
            command.addAll(run);
            String extra = System.getenv("TRIAL_X264"); // e.g. mbtree=0: x264 options added to every trial, for A/B
            for (int i = command.size() - 1; extra != null && i >= 0; i--) {
                if (command.get(i).equals("libx264")) {
                    command.addAll(i + 1, List.of("-x264-params", extra));
                }
            }
            printed.addAll(command);
            printed.add(""); // runs apart
            if (kept != null) {
                return;
            }
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(out);
            }
            String[] t = out.lines().filter(l -> l.startsWith("TIME")).findFirst().orElseThrow().split(" ");
            totals[0] += Double.parseDouble(t[1]);
            totals[1] += Double.parseDouble(t[2]) + Double.parseDouble(t[3]);
            totals[2] = Math.max(totals[2], Long.parseLong(t[4]));
        });
        if (System.getenv("TRIAL_PRINT") != null) {
            Files.write(Path.of(System.getenv("TRIAL_PRINT")), printed);
        }
        if (kept == null) {
            System.out.printf(java.util.Locale.ROOT, "TIME wall %.2f cpu %.2f peak-rss-MB %.0f%n", totals[0], totals[1],
                    totals[2] / 1024);
        }
        List<PerTitleLadder.Candidate> candidates = plan.candidates();
        for (PerTitleLadder.Candidate c : candidates) {
            System.out.println(c.rung().name() + " " + c.trials().stream().map(t -> String.format(java.util.Locale.ROOT,
                    "%.0f/%.0f/%.2f", t.crf(), t.kbps(), t.vmaf())).toList());
        }
        for (PerTitleLadder.Choice c : new PerTitleLadder(LadderSettings.MIN_CRF, maxCrf, LadderSettings.MIN_GAIN, 1)
                .choose(candidates)) {
            System.out.printf(java.util.Locale.ROOT, "CHOSEN %s crf %.1f kbps %.0f vmaf %.2f capped %s cap %d%n",
                    c.rung().name(), c.crf(), c.kbps(), c.vmaf(), c.capped(), c.capKbps());
        }
        if (System.getenv("TRIAL_PRINT") != null || kept != null) {
            return; // the command is kept for a rerun, and so is its directory
        }
        try (var files = Files.list(dir)) {
            files.forEach(f -> f.toFile().delete());
        }
        Files.delete(dir);
    }
}
