package io.aether.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.aether.Json;
import io.aether.it.Api;
import io.aether.it.AppProcess;
import io.aether.it.Services;
import io.aether.it.Tools;
import io.aether.media.FfmpegCommand;
import io.aether.media.LadderPlanner;
import io.aether.media.ProbeParser;
import io.aether.media.ProbeResult;

/**
 * bench/transcode: how much the pipeline adds to the transcode itself. Times (a) one bare
 * ffmpeg ladder run with the worker's own arguments and (b) upload start to 'completed'
 * through a real Aether process, on one generated 60 s 1080p30 clip with audio.
 */
public final class TranscodeBench {
    private static final int DB = 11;
    private static final String PRESET = "veryfast";
    private static final double TARGET = 1.10;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        Path dir = Files.createTempDirectory("aether-bench-");
        Path clip = dir.resolve("source.mp4");
        Tools.run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", Integer.toString(seconds), "-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
                "-pix_fmt", "yuv420p", "-c:a", "aac", clip.toString()));

        double bare = bare(clip, dir);
        double pipeline = pipeline(clip);
        double ratio = pipeline / bare;

        String table = String.format("""
                bench/transcode  clip: %d s 1080p30 + audio, preset %s, %d cores
                | run                              | seconds |
                |----------------------------------|---------|
                | (a) bare ffmpeg ladder           | %7.2f |
                | (b) upload start -> completed    | %7.2f |
                | ratio b/a (target <= %.2f)       | %7.3f |
                """, seconds, PRESET, Runtime.getRuntime().availableProcessors(), bare, pipeline, TARGET, ratio);
        System.out.print(table);
        System.out.println(ratio <= TARGET ? "target met" : "target MISSED");
        Path results = Path.of("bench", "results");
        Files.createDirectories(results);
        Files.writeString(results.resolve("transcode.json"), Json.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(Map.of("at", Instant.now().toString(), "clipSeconds", seconds, "preset", PRESET,
                        "bareSeconds", bare, "pipelineSeconds", pipeline, "ratio", ratio, "target", TARGET)));
        Files.writeString(results.resolve("transcode.md"), table);
    }

    private static double bare(Path clip, Path dir) throws Exception {
        ProbeResult probe = ProbeParser.parse(Tools.run(List.of("ffprobe", "-v", "error", "-print_format", "json",
                "-show_format", "-show_streams", clip.toString())));
        Path out = Files.createDirectories(dir.resolve("bare"));
        List<String> command = FfmpegCommand.build("ffmpeg", clip, out, dir.resolve("progress.txt"), probe,
                new LadderPlanner().plan(probe.displayWidth(), probe.displayHeight()), 10, PRESET);
        long start = System.nanoTime();
        Tools.run(command);
        return seconds(start);
    }

    private static double pipeline(Path clip) throws Exception {
        Services.freshRedis(DB).close();
        try (AppProcess app = AppProcess.start("all", DB, Map.of("AETHER_X264_PRESET", PRESET))) {
            Api api = new Api(app.url());
            long start = System.nanoTime();
            String id = api.upload(clip, "video", "video/mp4").json().path("id").asText();
            String status = api.awaitFinished(id, Duration.ofMinutes(30)).path("status").asText();
            double took = seconds(start);
            if (!status.equals("completed")) {
                throw new IllegalStateException("the pipeline run ended " + status);
            }
            return took;
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
