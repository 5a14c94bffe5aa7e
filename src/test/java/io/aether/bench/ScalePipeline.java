package io.aether.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.it.Api;
import io.aether.it.AppProcess;
import io.aether.it.LiveClient;
import io.aether.it.Services;
import io.aether.it.Tools;

/** bench/scale's runs through Aether: an API process and the given workers on a fresh Redis database. */
final class ScalePipeline {
    private static final int DB = 14;
    static final String PRESET = "veryfast";

    /** Seconds from the upload's end to playable and to completed; the workers' peak RSS, ffmpeg included. */
    record Run(String name, double playable, double completed, long peakRss) {
    }

    /**
     * A burst: seconds from the first upload's start to the last completion, and the uploads' own seconds;
     * CPU-seconds (user + system) of the worker's JVM, of its ffmpeg and ffprobe runs, of the API and of
     * MinIO (NaN when its pidfile is not at hand) over the burst.
     */
    record Burst(double makespan, double uploads, long peakRss, double workerCpu, double childCpu, double apiCpu,
                 double minioCpu) {
    }

    private ScalePipeline() {
    }

    static Path clip(Path dir, int seconds) throws Exception {
        Path clip = dir.resolve("source-" + seconds + ".mp4");
        Tools.run(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", Integer.toString(seconds), "-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
                "-pix_fmt", "yuv420p", "-c:a", "aac", clip.toString()));
        return clip;
    }

    /**
     * The worker settings of a run: the bench's preset, chunking on or off, and the work the bare
     * reference does: the fixed ladder, nothing measured (the per-title ladder and the measurement cost
     * their own time, which bench/quality and the one-worker "as deployed" runs report).
     */
    static Map<String, String> env(boolean chunking) {
        return Map.of("AETHER_X264_PRESET", PRESET, "AETHER_CHUNKING", Boolean.toString(chunking),
                "AETHER_LADDER", "fixed", "AETHER_QUALITY_MEASURE", "false");
    }

    /** As deployed: the per-title ladder's trials and the measurement of every rung included. */
    static Map<String, String> deployed() {
        return AppProcess.asDeployed(Map.of("AETHER_X264_PRESET", PRESET));
    }

    /** One upload through an API replica and the given workers, each behind its launcher. */
    static Run run(String name, Path clip, List<List<String>> workers, Map<String, String> env, boolean untilPlayable)
            throws Exception {
        Services.freshRedis(DB).close();
        List<AppProcess> processes = new ArrayList<>();
        List<TreeRss> rss = new ArrayList<>();
        try {
            AppProcess api = AppProcess.start("api", DB, env);
            processes.add(api);
            for (List<String> launcher : workers) {
                AppProcess worker = AppProcess.start("worker", DB, env, launcher);
                processes.add(worker);
                rss.add(new TreeRss(worker.pid()));
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
                            return new Run(name, playable, Double.NaN, peak(rss));
                        }
                    }
                    if (status.equals("completed")) {
                        break;
                    }
                }
            }
            double completed = (System.nanoTime() - uploaded) / 1e9;
            timeline(name, processes.subList(1, processes.size()));
            return new Run(name, Double.isNaN(playable) ? completed : playable, completed, peak(rss));
        } finally {
            for (TreeRss sampler : rss) {
                sampler.close();
            }
            for (AppProcess process : processes) {
                process.close();
            }
        }
    }

    /** The clip uploaded {@code count} times at once to one unpinned worker, each upload a video of its own. */
    static Burst burst(Path clip, int count, Map<String, String> env) throws Exception {
        Services.freshRedis(DB).close();
        ExecutorService uploads = Executors.newFixedThreadPool(count);
        try (AppProcess api = AppProcess.start("api", DB, env);
             AppProcess worker = AppProcess.start("worker", DB, env)) {
            Api client = new Api(api.url());
            try (TreeRss rss = new TreeRss(worker.pid())) {
                ProcStat minio = minio();
                double minioStart = minio == null ? Double.NaN : minio.cpuSeconds();
                ProcStat apiStat = new ProcStat(api.pid());
                double apiStart = apiStat.cpuSeconds();
                long start = System.nanoTime();
                List<Future<String>> ids = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    ids.add(uploads.submit(() -> client.upload(clip, "video", "video/mp4").json().path("id").asText()));
                }
                List<String> videos = new ArrayList<>();
                for (Future<String> id : ids) {
                    videos.add(id.get());
                }
                double uploaded = (System.nanoTime() - start) / 1e9;
                // each video watched on its live socket, as a client would, instead of polled: polling the 8
                // videos four times a second cost the API and this JVM about a third of a core (CPU-s, /proc),
                // taken from the worker in a run that the bare ladder runs without
                List<Future<Long>> ends = new ArrayList<>();
                for (String id : videos) {
                    ends.add(uploads.submit(() -> completion(api.url(), id)));
                }
                long last = 0;
                for (Future<Long> end : ends) {
                    last = Math.max(last, end.get());
                }
                double makespan = (last - start) / 1e9;
                // every ffmpeg has ended and been waited for: the worker's children's time holds them all
                ProcStat workerStat = new ProcStat(worker.pid());
                double workerCpu = workerStat.cpuSeconds();
                double childCpu = workerStat.childCpuSeconds();
                double apiCpu = apiStat.cpuSeconds() - apiStart;
                double minioCpu = minio == null ? Double.NaN : minio.cpuSeconds() - minioStart;
                timeline("burst of " + count, List.of(worker));
                return new Burst(makespan, uploaded, rss.peak(), workerCpu, childCpu, apiCpu, minioCpu);
            }
        } finally {
            uploads.shutdownNow();
        }
    }

    /** MinIO as scripts/services started it, if its pidfile is here. */
    private static ProcStat minio() throws Exception {
        Path pidfile = Path.of(".run", "minio.pid");
        return java.nio.file.Files.exists(pidfile)
                ? new ProcStat(Long.parseLong(java.nio.file.Files.readString(pidfile).trim())) : null;
    }

    /** When the video's socket reports it completed (System.nanoTime); a failed video fails the burst. */
    static long completion(String api, String id) throws Exception {
        try (LiveClient live = LiveClient.watch(api, id)) {
            while (true) {
                JsonNode event = live.next(Duration.ofMinutes(40));
                JsonNode state = event.path("type").asText().equals("snapshot") ? event.path("video") : event;
                String status = state.path("status").asText();
                if (status.equals("failed")) {
                    throw new IllegalStateException("a video of the burst failed: " + event);
                }
                if (status.equals("completed")) {
                    return System.nanoTime();
                }
            }
        }
    }

    private static long peak(List<TreeRss> samplers) {
        return samplers.stream().mapToLong(TreeRss::peak).max().orElse(0);
    }

    /** Which worker stored which chunk when, from their logs: how evenly the workers shared the video. */
    private static void timeline(String name, List<AppProcess> workers) throws Exception {
        System.err.println(name + ", parts as the workers stored them:");
        for (int w = 0; w < workers.size(); w++) {
            for (String line : java.nio.file.Files.readAllLines(workers.get(w).log())) {
                if (line.contains(" stored by ")) {
                    System.err.println("  worker " + (w + 1) + ": " + line.substring(0, 24) + " "
                            + line.substring(line.indexOf(" chunk ") >= 0 ? line.indexOf(" chunk ") : line.indexOf(" audio ")));
                }
            }
        }
    }
}
