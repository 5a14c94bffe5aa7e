package io.aether.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import io.aether.it.Api;
import io.aether.it.AppProcess;
import io.aether.it.Services;
import io.aether.it.Tools;

/**
 * bench/transcode: what the pipeline adds to the transcode itself, on one generated 1080p30 clip
 * with audio (60 s unless told). (a) is a bare ffmpeg ladder written here by hand after the
 * example in ffmpeg's HLS documentation (split/scale, var_stream_map, master playlist), at the
 * bitrates and preset a user would pick for 1080p/720p/480p; it shares no code with the worker,
 * so a flaw in how the worker builds or runs its command shows up as a slower (b). (b) is upload
 * start to 'completed' through a real API process and a real worker process. While ffmpeg runs in
 * (b), the table also shows how much of a core the worker's JVM itself uses.
 */
public final class TranscodeBench {
    private static final int DB = 11;
    private static final String PRESET = "veryfast";
    private static final double TARGET = 1.10;
    private static final double JVM_CPU_TARGET = 0.05;
    private static final double CLOCK_TICKS = 100.0;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        Path dir = Files.createTempDirectory("aether-bench-");
        Path clip = dir.resolve("source.mp4");
        Tools.run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", Integer.toString(seconds), "-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
                "-pix_fmt", "yuv420p", "-c:a", "aac", clip.toString()));

        double bare = BareLadder.seconds(clip, Files.createDirectories(dir.resolve("bare")), PRESET);
        Run pipeline = pipeline(clip);
        double ratio = pipeline.seconds() / bare;

        String table = String.format("""
                bench/transcode  clip: %d s 1080p30 + audio, preset %s, %d cores
                | run                                            | value   |
                |------------------------------------------------|---------|
                | (a) bare ffmpeg ladder, written from the docs  | %6.2f s |
                | (b) upload start -> completed                  | %6.2f s |
                | ratio b/a (target <= %.2f)                     | %7.3f |
                | worker JVM CPU while ffmpeg runs (target < %2.0f%%) | %6.1f%% |
                """, seconds, PRESET, Runtime.getRuntime().availableProcessors(), bare, pipeline.seconds(),
                TARGET, ratio, JVM_CPU_TARGET * 100, pipeline.jvmCpuShare() * 100);
        System.out.print(table);
        boolean met = ratio <= TARGET && pipeline.jvmCpuShare() < JVM_CPU_TARGET;
        System.out.println(met ? "targets met" : "target MISSED");
        Path results = Path.of("bench", "results");
        Files.createDirectories(results);
        Files.writeString(results.resolve("transcode.json"), Json.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(Map.of("at", Instant.now().toString(), "clipSeconds", seconds, "preset", PRESET,
                        "bareSeconds", bare, "pipelineSeconds", pipeline.seconds(), "ratio", ratio, "target", TARGET,
                        "jvmCpuShareWhileFfmpegRuns", pipeline.jvmCpuShare())));
        Files.writeString(results.resolve("transcode.md"), table);
    }

    private record Run(double seconds, double jvmCpuShare) {
    }

    private static Run pipeline(Path clip) throws Exception {
        Services.freshRedis(DB).close();
        // the worker in a process of its own, as deployed, so its CPU is the worker's alone (not the
        // API answering this bench's polls)
        try (AppProcess app = AppProcess.start("api", DB, Map.of());
                AppProcess worker = AppProcess.start("worker", DB,
                        AppProcess.asDeployed(Map.of("AETHER_X264_PRESET", PRESET)))) {
            Api api = new Api(app.url());
            long start = System.nanoTime();
            String id = api.upload(clip, "video", "video/mp4").json().path("id").asText();
            long deadline = start + Duration.ofMinutes(30).toNanos();
            long cpuAtStart = -1;
            long wallAtStart = 0;
            double share = Double.NaN;
            JsonNode video = api.video(id);
            while (!Set.of("completed", "failed").contains(video.path("status").asText())) {
                boolean ffmpegRuns = worker.children().stream()
                        .anyMatch(p -> p.info().command().orElse("").endsWith("ffmpeg"));
                if (ffmpegRuns && cpuAtStart < 0) {
                    cpuAtStart = cpuTicks(worker.pid());
                    wallAtStart = System.nanoTime();
                } else if (!ffmpegRuns && cpuAtStart >= 0 && Double.isNaN(share)) {
                    share = (cpuTicks(worker.pid()) - cpuAtStart) / CLOCK_TICKS / seconds(wallAtStart);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the pipeline run did not finish: " + video);
                }
                Thread.sleep(100);
                video = api.video(id);
            }
            double took = seconds(start);
            if (!video.path("status").asText().equals("completed")) {
                throw new IllegalStateException("the pipeline run ended " + video);
            }
            return new Run(took, share);
        }
    }

    /** The JVM's own user and system time (its children's is not in these fields). */
    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
