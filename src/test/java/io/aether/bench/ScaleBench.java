package io.aether.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.aether.Json;
import io.aether.bench.ScalePipeline.Run;

/**
 * bench/scale: what chunked transcoding buys, on generated 1080p30 clips with audio.
 * <p>{@code pinned [seconds]} (180 s): (a) the bare ffmpeg ladder ({@link BareLadder}); (b) the
 * pipeline with one worker pinned to one core, chunking on; (c) two workers, each pinned to its own
 * core; (d) one unpinned worker, chunking off (the single pass). For each pipeline run: seconds from
 * the end of the upload to playable and to completed. A second clip twice as long shows whether time
 * to playable grows with length (it must not).
 * <p>{@code one-worker [s,s,...]} and {@code burst [count] [seconds]}: one unpinned worker as
 * {@code scripts/dev} runs it ({@link OneWorkerBench}). No argument: all three.
 */
public final class ScaleBench {
    private static final int TURNS = 2;

    private ScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "all";
        List<String> rest = List.of(args).subList(Math.min(1, args.length), args.length);
        switch (which) {
            case "pinned" -> pinned(rest.isEmpty() ? 180 : Integer.parseInt(rest.get(0)));
            case "one-worker" -> OneWorkerBench.clips(rest.isEmpty() ? OneWorkerBench.CLIPS
                    : java.util.Arrays.stream(rest.get(0).split(",")).map(Integer::valueOf).toList());
            case "burst" -> OneWorkerBench.burst(rest.isEmpty() ? 8 : Integer.parseInt(rest.get(0)),
                    rest.size() < 2 ? 30 : Integer.parseInt(rest.get(1)));
            case "new" -> {
                OneWorkerBench.clips(OneWorkerBench.CLIPS);
                OneWorkerBench.burst(8, 30);
            }
            case "all" -> {
                pinned(180);
                OneWorkerBench.clips(OneWorkerBench.CLIPS);
                OneWorkerBench.burst(8, 30);
            }
            default -> throw new IllegalArgumentException("bench/scale [pinned [seconds] | one-worker [30,60,180]"
                    + " | burst [count] [seconds] | new]");
        }
    }

    private static void pinned(int seconds) throws Exception {
        Path dir = Files.createTempDirectory("aether-scale-");
        Path clip = ScalePipeline.clip(dir, seconds);
        double bare = BareLadder.seconds(clip, Files.createDirectories(dir.resolve("bare")), ScalePipeline.PRESET);
        // (b) and (c) take turns, twice: this machine's speed drifts by 10-20 % over minutes (the same
        // ffmpeg run took 28 s, then 36 s), and one run of each put that drift into their ratio
        List<Run> ones = new ArrayList<>();
        List<Run> twos = new ArrayList<>();
        for (int i = 0; i < TURNS; i++) {
            ones.add(pipeline("(b) 1 worker on 1 core, chunked", clip, List.of(List.of("taskset", "-c", "0")),
                    true, false));
            twos.add(pipeline("(c) 2 workers on 1 core each, chunked", clip,
                    List.of(List.of("taskset", "-c", "0"), List.of("taskset", "-c", "1")), true, false));
        }
        Run pinnedOne = mean("(b) 1 worker on 1 core, chunked, mean of " + TURNS, ones);
        Run pinnedTwo = mean("(c) 2 workers on 1 core each, chunked, mean of " + TURNS, twos);
        Run single = pipeline("(d) 1 unpinned worker, single pass", clip, List.of(List.of()), false, false);
        Path longClip = ScalePipeline.clip(dir, 2 * seconds);
        // only its time to playable is compared: the run stops there
        Run longer = pipeline("(c) on a " + 2 * seconds + " s clip, until playable", longClip,
                List.of(List.of("taskset", "-c", "0"), List.of("taskset", "-c", "1")), true, true);
        Files.delete(longClip);

        Map<String, double[]> targets = new LinkedHashMap<>();
        targets.put("time to playable (b) / time to completed (d) <= 0.15",
                new double[] {pinnedOne.playable() / single.completed(), 0.15});
        targets.put("time to playable, " + 2 * seconds + " s clip / " + seconds + " s clip <= 1.25",
                new double[] {longer.playable() / pinnedTwo.playable(), 1.25});
        targets.put("time to completed (c) / (b) <= 0.60", new double[] {pinnedTwo.completed() / pinnedOne.completed(), 0.60});
        targets.put("time to completed (c) / bare ffmpeg (a) <= 1.10", new double[] {pinnedTwo.completed() / bare, 1.10});

        StringBuilder table = new StringBuilder(String.format(
                "bench/scale  clip: %d s 1080p30 + audio, preset %s, %d cores%n"
                + "| run | upload end -> playable (s) | upload end -> completed (s) |%n|---|---|---|%n"
                + "| (a) bare ffmpeg ladder, written from the docs | | %.1f |%n",
                seconds, ScalePipeline.PRESET, Runtime.getRuntime().availableProcessors(), bare));
        for (Run run : List.of(pinnedOne, pinnedTwo, single, longer)) {
            table.append(String.format("| %s | %.1f | %s |%n", run.name(), run.playable(),
                    Double.isNaN(run.completed()) ? "" : String.format("%.1f", run.completed())));
        }
        for (List<Run> turns : List.of(ones, twos)) {
            for (int i = 0; i < turns.size(); i++) {
                table.append(String.format("| %s, turn %d | %.1f | %.1f |%n", turns.get(i).name(), i + 1,
                        turns.get(i).playable(), turns.get(i).completed()));
            }
        }
        table.append("\n| target | measured | met |\n|---|---|---|\n");
        boolean all = true;
        for (Map.Entry<String, double[]> t : targets.entrySet()) {
            boolean met = t.getValue()[0] <= t.getValue()[1];
            all &= met;
            table.append(String.format("| %s | %.3f | %s |%n", t.getKey(), t.getValue()[0], met ? "yes" : "NO"));
        }
        System.out.print(table);
        System.out.println(all ? "targets met" : "target MISSED");
        Path results = Files.createDirectories(Path.of("bench", "results"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("at", Instant.now().toString());
        json.put("clipSeconds", seconds);
        json.put("bareSeconds", bare);
        List<Map<String, Object>> runs = new ArrayList<>();
        List<Run> reported = new ArrayList<>(List.of(pinnedOne, pinnedTwo, single, longer));
        reported.addAll(ones);
        reported.addAll(twos);
        for (Run run : reported) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("run", run.name());
            entry.put("playableSeconds", run.playable());
            entry.put("completedSeconds", Double.isNaN(run.completed()) ? null : run.completed());
            runs.add(entry);
        }
        json.put("runs", runs);
        Map<String, Object> ratios = new LinkedHashMap<>();
        targets.forEach((k, v) -> ratios.put(k, v[0]));
        json.put("targets", ratios);
        Files.writeString(results.resolve("scale.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        Files.writeString(results.resolve("scale.md"), table.toString());
    }

    private static Run mean(String name, List<Run> runs) {
        return new Run(name, runs.stream().mapToDouble(Run::playable).average().orElseThrow(),
                runs.stream().mapToDouble(Run::completed).average().orElseThrow(),
                runs.stream().mapToLong(Run::peakRss).max().orElseThrow());
    }

    /** A pinned run: chunking on or off, the bench's preset, the other settings as deployed. */
    private static Run pipeline(String name, Path clip, List<List<String>> workers, boolean chunking,
            boolean untilPlayable) throws Exception {
        return ScalePipeline.run(name, clip, workers, ScalePipeline.env(chunking), untilPlayable);
    }
}
