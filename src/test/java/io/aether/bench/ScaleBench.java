package io.aether.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import io.aether.it.Api;
import io.aether.it.AppProcess;
import io.aether.it.LiveClient;
import io.aether.it.Services;
import io.aether.it.Tools;

/**
 * bench/scale: what chunked transcoding buys, on a generated 1080p30 clip with audio (180 s).
 * (a) the bare ffmpeg ladder ({@link BareLadder}); (b) the pipeline with one worker pinned to one
 * core, chunking on; (c) two workers, each pinned to its own core; (d) one unpinned worker,
 * chunking off (the single pass). For each pipeline run: seconds from the end of the upload to
 * playable and to completed. A second clip twice as long shows whether time to playable grows
 * with length (it must not).
 */
public final class ScaleBench {
    private static final int DB = 14;
    private static final String PRESET = "veryfast";
    private static final int TURNS = 2;

    private record Run(String name, double playable, double completed) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 180;
        Path dir = Files.createTempDirectory("aether-scale-");
        Path clip = clip(dir, seconds);
        double bare = BareLadder.seconds(clip, Files.createDirectories(dir.resolve("bare")), PRESET);
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
        Path longClip = clip(dir, 2 * seconds);
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
                seconds, PRESET, Runtime.getRuntime().availableProcessors(), bare));
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
                runs.stream().mapToDouble(Run::completed).average().orElseThrow());
    }

    /** Which worker stored which chunk when, from their logs: how evenly the workers shared the video. */
    private static void timeline(String name, List<AppProcess> workers) throws Exception {
        System.err.println(name + ", parts as the workers stored them:");
        for (int w = 0; w < workers.size(); w++) {
            for (String line : Files.readAllLines(workers.get(w).log())) {
                if (line.contains(" stored by ")) {
                    System.err.println("  worker " + (w + 1) + ": " + line.substring(0, 24) + " "
                            + line.substring(line.indexOf(" chunk ") >= 0 ? line.indexOf(" chunk ") : line.indexOf(" audio ")));
                }
            }
        }
    }

    private static Path clip(Path dir, int seconds) throws Exception {
        Path clip = dir.resolve("source-" + seconds + ".mp4");
        Tools.run(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", Integer.toString(seconds), "-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
                "-pix_fmt", "yuv420p", "-c:a", "aac", clip.toString()));
        return clip;
    }

    /** One upload through an API replica and the given workers; seconds from the upload's end. */
    private static Run pipeline(String name, Path clip, List<List<String>> workers, boolean chunking,
            boolean untilPlayable) throws Exception {
        Services.freshRedis(DB).close();
        Map<String, String> env = Map.of("AETHER_X264_PRESET", PRESET, "AETHER_CHUNKING", Boolean.toString(chunking));
        List<AppProcess> processes = new ArrayList<>();
        try {
            AppProcess api = AppProcess.start("api", DB, env);
            processes.add(api);
            for (List<String> launcher : workers) {
                processes.add(AppProcess.start("worker", DB, env, launcher));
            }
            Api client = new Api(api.url());
            String id = client.upload(clip, "video", "video/mp4").json().path("id").asText();
            long uploaded = System.nanoTime();
            double playable = Double.NaN;
            // watched as a client would, on the live WebSocket. Polled ten times a second, the API used about
            // 4 % of a core during (c) (top), taken from the pinned workers there but from the idle core in (b)
            try (LiveClient live = LiveClient.watch(api.url(), id)) {
                while (true) {
                    JsonNode event = live.next(Duration.ofMinutes(40));
                    JsonNode state = event.path("type").asText().equals("snapshot") ? event.path("video") : event;
                    String status = state.path("status").asText();
                    if (status.equals("failed")) {
                        throw new IllegalStateException(name + " failed: " + event);
                    }
                    if (Double.isNaN(playable) && (state.path("playable").asBoolean() || status.equals("completed"))) {
                        playable = (System.nanoTime() - uploaded) / 1e9;
                        if (untilPlayable) {
                            return new Run(name, playable, Double.NaN);
                        }
                    }
                    if (status.equals("completed")) {
                        break;
                    }
                }
            }
            double completed = (System.nanoTime() - uploaded) / 1e9;
            timeline(name, processes.subList(1, processes.size()));
            return new Run(name, Double.isNaN(playable) ? completed : playable, completed);
        } finally {
            for (AppProcess process : processes) {
                process.close();
            }
        }
    }
}
