package io.aether.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.aether.Json;
import io.aether.bench.ScalePipeline.Burst;
import io.aether.bench.ScalePipeline.Run;

/**
 * bench/scale's cases for one worker process on the whole machine, unpinned, with its default part
 * slots (one per core), as {@code scripts/dev} and a one-worker Compose start run it: each clip
 * against the bare ladder on the same clip in the same run, and a burst of short clips uploaded
 * together against the bare ladder encoding them one after another. Writes
 * bench/results/scale-one-worker.{json,md} or scale-burst.{json,md}.
 */
final class OneWorkerBench {
    static final List<Integer> CLIPS = List.of(30, 60, 180);
    private static final double GIB = 1024.0 * 1024 * 1024;
    /** Issue 19's targets per clip length: completed and playable, each over the bare ladder. */
    private static final Map<Integer, double[]> TARGETS = Map.of(180, new double[] {0.90, 0.10},
            60, new double[] {1.00, 0.20}, 30, new double[] {1.10, 0.30});
    private static final double BURST_TARGET = 0.95;
    private static final double RSS_TARGET_GIB = 1.5;

    private OneWorkerBench() {
    }

    static void clips(List<Integer> lengths) throws Exception {
        Path dir = Files.createTempDirectory("aether-scale-");
        StringBuilder table = new StringBuilder(String.format(
                "bench/scale one-worker  1080p30 + audio, preset %s, %d cores, one unpinned worker, default slots%n"
                + "| clip | bare ladder (s) | playable (s) | completed (s) | playable / bare | completed / bare |"
                + " worker peak RSS with ffmpeg (GiB) | targets met | as deployed: playable / bare |"
                + " as deployed: completed / bare | as deployed: peak RSS (GiB) |%n|---|---|---|---|---|---|---|---|---|---|---|%n",
                ScalePipeline.PRESET, Runtime.getRuntime().availableProcessors()));
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean all = true;
        for (int seconds : lengths) {
            Path clip = ScalePipeline.clip(dir, seconds);
            double bare = BareLadder.seconds(clip, Files.createDirectories(dir.resolve("bare-" + seconds)),
                    ScalePipeline.PRESET);
            Run run = ScalePipeline.run(seconds + " s, one worker", clip, List.of(List.of()),
                    ScalePipeline.env(true), false);
            // the same clip with the per-title trials and the measurement: the playable target must still hold
            Run deployed = ScalePipeline.run(seconds + " s, one worker, as deployed", clip, List.of(List.of()),
                    ScalePipeline.deployed(), false);
            double[] target = TARGETS.getOrDefault(seconds, new double[] {Double.NaN, Double.NaN});
            boolean met = run.completed() / bare <= target[0] && run.playable() / bare <= target[1]
                    && run.peakRss() / GIB <= RSS_TARGET_GIB;
            all &= met;
            table.append(String.format("| %d s | %.1f | %.1f | %.1f | %.3f (≤ %.2f) | %.3f (≤ %.2f) | %.2f (≤ %.1f) | %s"
                    + " | %.3f (≤ %.2f) %s | %.3f | %.2f (≤ %.1f) |%n",
                    seconds, bare, run.playable(), run.completed(), run.playable() / bare, target[1],
                    run.completed() / bare, target[0], run.peakRss() / GIB, RSS_TARGET_GIB, met ? "yes" : "NO",
                    deployed.playable() / bare, target[1], deployed.playable() / bare <= target[1] ? "yes" : "NO",
                    deployed.completed() / bare, deployed.peakRss() / GIB, RSS_TARGET_GIB));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("clipSeconds", seconds);
            row.put("bareSeconds", bare);
            row.put("playableSeconds", run.playable());
            row.put("completedSeconds", run.completed());
            row.put("peakRssBytes", run.peakRss());
            row.put("deployedPlayableSeconds", deployed.playable());
            row.put("deployedCompletedSeconds", deployed.completed());
            row.put("deployedPeakRssBytes", deployed.peakRss());
            rows.add(row);
            Files.delete(clip);
        }
        write("scale-one-worker", table, all, Map.of("runs", rows));
    }

    static void burst(int count, int seconds) throws Exception {
        Path dir = Files.createTempDirectory("aether-burst-");
        Path clip = ScalePipeline.clip(dir, seconds);
        double bare = 0;
        for (int i = 0; i < count; i++) {
            bare += BareLadder.seconds(clip, Files.createDirectories(dir.resolve("bare-" + i)), ScalePipeline.PRESET);
        }
        Burst burst = ScalePipeline.burst(clip, count, ScalePipeline.env(true));
        boolean met = burst.makespan() / bare <= BURST_TARGET && burst.peakRss() / GIB <= RSS_TARGET_GIB;
        StringBuilder table = new StringBuilder(String.format(
                "bench/scale burst  %d x %d s 1080p30 + audio uploaded at once, preset %s, %d cores, one unpinned worker%n"
                + "| bare ladder, one after another (s) | first upload start -> last completed (s) | of which uploads (s) |"
                + " makespan / bare | worker peak RSS with ffmpeg (GiB) | targets met |"
                + " CPU-s per video: worker JVM / its ffmpeg runs / API / MinIO |%n|---|---|---|---|---|---|---|%n"
                + "| %.1f | %.1f | %.1f | %.3f (≤ %.2f) | %.2f (≤ %.1f) | %s | %.1f / %.1f / %.1f / %.1f |%n",
                count, seconds, ScalePipeline.PRESET, Runtime.getRuntime().availableProcessors(), bare,
                burst.makespan(), burst.uploads(), burst.makespan() / bare, BURST_TARGET, burst.peakRss() / GIB,
                RSS_TARGET_GIB, met ? "yes" : "NO", burst.workerCpu() / count, burst.childCpu() / count,
                burst.apiCpu() / count,
                burst.minioCpu() / count));
        write("scale-burst", table, met, Map.of("count", count, "clipSeconds", seconds, "bareSeconds", bare,
                "makespanSeconds", burst.makespan(), "uploadSeconds", burst.uploads(), "peakRssBytes", burst.peakRss(),
                "cpuSeconds", Map.of("workerJvm", burst.workerCpu(), "ffmpeg", burst.childCpu(), "api", burst.apiCpu(),
                        "minio", burst.minioCpu())));
    }

    private static void write(String name, StringBuilder table, boolean met, Map<String, Object> data) throws Exception {
        System.out.print(table);
        System.out.println(met ? "targets met" : "target MISSED");
        Path results = Files.createDirectories(Path.of("bench", "results"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("at", Instant.now().toString());
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.putAll(data);
        Files.writeString(results.resolve(name + ".json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        Files.writeString(results.resolve(name + ".md"), table.toString());
    }
}
