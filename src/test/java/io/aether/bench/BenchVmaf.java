package io.aether.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import io.aether.bench.HlsLadder.Rung;
import io.aether.it.Tools;

/**
 * bench/quality's own VMAF, written from libvmaf's and ffmpeg's documentation and sharing no code with
 * the worker: each rung scaled back to the source's size (bicubic) and scored against the source with
 * the model built into libvmaf (vmaf_v0.6.1), every frame or every Nth ({@code n_subsample}). All rungs
 * of a ladder go through one ffmpeg run that decodes the source once and splits it. Frames are lined
 * up by resetting both timelines to zero (the worker's HLS starts at the muxer's offset, not at 0) and
 * forcing the source's frame rate on both, so frame n of the rung meets frame n of the source.
 */
final class BenchVmaf {
    static final String MODEL = "vmaf_v0.6.1";

    /** Pooled over the frames scored: mean, 5th percentile (nearest rank), minimum. */
    record Score(double mean, double p5, double min, int frames) {
    }

    private BenchVmaf() {
    }

    /** Scores, by rung height, of every rung against the source; {@code every} 1 scores every frame. */
    static Map<Integer, Score> measure(String ffmpeg, Path source, int width, int height, int fps,
            List<Rung> rungs, int every, Path dir) throws Exception {
        String align = "setpts=PTS-STARTPTS,fps=" + fps;
        // libvmaf's own subsampling, not a select filter before it: VMAF's motion feature compares each
        // frame with the one before, and fed every 5th frame of the fractal it scored 5.9 points higher
        String subsample = every > 1 ? ":n_subsample=" + every : "";
        List<String> command = new ArrayList<>(List.of(ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error",
                "-i", source.toString()));
        StringBuilder graph = new StringBuilder("[0:v]" + align + ",format=yuv420p,split=" + rungs.size());
        for (int i = 0; i < rungs.size(); i++) {
            command.addAll(List.of("-i", rungs.get(i).file().toString()));
            graph.append("[ref").append(i).append(']');
        }
        graph.append(';');
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < rungs.size(); i++) {
            Path log = dir.resolve("vmaf-" + rungs.get(i).height() + "p-every" + every + ".json");
            if (log.toString().matches(".*[:,;'\\[\\]\\\\].*")) {
                throw new IllegalStateException("a log path the filter graph cannot carry: " + log);
            }
            logs.add(log);
            // the rung first: libvmaf takes the distorted stream, then the reference
            graph.append(String.format("[%d:v]%s,scale=%d:%d:flags=bicubic,format=yuv420p[dist%d];"
                    + "[dist%d][ref%d]libvmaf=model=version=%s:n_threads=2:shortest=1:repeatlast=0%s"
                    + ":log_fmt=json:log_path=%s[out%d];", i + 1, align, width, height, i, i, i, MODEL, subsample, log, i));
        }
        graph.setLength(graph.length() - 1);
        command.addAll(List.of("-filter_complex", graph.toString()));
        for (int i = 0; i < rungs.size(); i++) {
            command.addAll(List.of("-map", "[out" + i + "]", "-f", "null", "-"));
        }
        Tools.run(command);
        Map<Integer, Score> scores = new LinkedHashMap<>();
        for (int i = 0; i < rungs.size(); i++) {
            scores.put(rungs.get(i).height(), score(logs.get(i)));
        }
        return scores;
    }

    /** The pooled figures from libvmaf's per-frame JSON log. */
    static Score score(Path log) throws Exception {
        JsonNode frames = Json.MAPPER.readTree(Files.readString(log)).path("frames");
        double[] vmaf = new double[frames.size()];
        for (int i = 0; i < vmaf.length; i++) {
            JsonNode value = frames.get(i).path("metrics").path("vmaf");
            if (!value.isNumber()) {
                throw new IllegalStateException(log + ": frame " + i + " has no vmaf score");
            }
            vmaf[i] = value.asDouble();
        }
        if (vmaf.length == 0) {
            throw new IllegalStateException(log + " scored no frame");
        }
        Arrays.sort(vmaf);
        int rank = (int) Math.ceil(0.05 * vmaf.length) - 1;
        return new Score(Arrays.stream(vmaf).average().orElseThrow(), vmaf[Math.max(0, rank)], vmaf[0], vmaf.length);
    }
}
