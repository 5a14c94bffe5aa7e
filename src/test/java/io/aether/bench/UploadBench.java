package io.aether.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import io.aether.it.Api;
import io.aether.it.AppProcess;
import io.aether.it.Services;
import io.aether.tus.NodeTus;
import io.aether.tus.TusFixtures;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;

/**
 * bench/upload: what the API costs an upload. One file (1 GiB by default) is uploaded (a) over tus
 * with the real tus-js-client, (b) as multipart/form-data to POST /api/v1/upload, and (c) straight to
 * MinIO with the plain MinIO Java client, all on this machine. Prints throughputs, the ratios a/c and
 * b/c, and the API process's resident memory (sampled from /proc) while it streams.
 *
 * <p>Usage: bench/upload [MiB] [runs] [tus chunk MiB, 0 = one PATCH as tus-js-client does by default];
 * AETHER_TUS_PART_SIZE in the environment is handed to the API.
 */
public final class UploadBench {
    private static final int DB = 7;
    private static final double RATIO_TARGET = 0.8;
    private static final long RSS_TARGET_MIB = 256;
    private static final long MIB = 1024L * 1024;

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long chunkMib = args.length > 2 ? Long.parseLong(args[2]) : 0;
        NodeTus.ensureInstalled();
        Path dir = Files.createTempDirectory("aether-upload-bench-");
        Path file = dir.resolve("bench.bin");
        write(file, mib * MIB);
        MinioClient minio = Services.minio();
        List<String> videoIds = new ArrayList<>();
        // not emptied: the bench removes exactly what it stored
        try (StatefulRedisConnection<String, String> redis = RedisClient.create(Services.redisUrl(DB)).connect();
                AppProcess api = AppProcess.start("api", DB, passThrough("AETHER_TUS_PART_SIZE"))) {
            Rss rss = new Rss(api.pid());
            long idle = rss.now();
            Api http = new Api(api.url());
            // warm-up: the JIT and the pools, so the first timed run is not the slowest
            Path small = dir.resolve("warmup.bin");
            write(small, 32 * MIB);
            videoIds.add(tus(api, small, chunkMib).id());
            videoIds.add(http.upload(small, "video", "video/mp4").json().path("id").asText());

            List<double[]> results = new ArrayList<>();
            long[] peaks = new long[3];
            for (int run = 0; run < runs; run++) {
                double[] mibPerSecond = new double[3];
                rss.reset();
                long start = System.nanoTime();
                putToMinio(minio, file);
                mibPerSecond[2] = mib / seconds(start);
                peaks[2] = Math.max(peaks[2], rss.peak());

                rss.reset();
                Tus a = tus(api, file, chunkMib);
                videoIds.add(a.id());
                mibPerSecond[0] = mib / (a.ms() / 1000.0);
                peaks[0] = Math.max(peaks[0], rss.peak());
                check(minio, a.id(), file);

                rss.reset();
                start = System.nanoTime();
                Api.Reply reply = http.upload(file, "video", "video/mp4");
                mibPerSecond[1] = mib / seconds(start);
                peaks[1] = Math.max(peaks[1], rss.peak());
                if (reply.status() != 202) {
                    throw new IllegalStateException("POST /api/v1/upload answered " + reply.status() + " " + reply.text());
                }
                String b = reply.json().path("id").asText();
                videoIds.add(b);
                check(minio, b, file);
                results.add(mibPerSecond);
                System.err.printf("run %d: tus %.0f MiB/s, multipart %.0f MiB/s, minio %.0f MiB/s%n", run + 1,
                        mibPerSecond[0], mibPerSecond[1], mibPerSecond[2]);
            }
            long hwm = rss.highWaterMark();
            rss.close();
            report(mib, runs, chunkMib, results, idle, peaks, hwm);
            clean(redis.sync(), minio, videoIds);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir.resolve("warmup.bin"));
            Files.deleteIfExists(dir);
        }
    }

    private record Tus(String id, double ms) {
    }

    private static Tus tus(AppProcess api, Path file, long chunkMib) throws Exception {
        try (NodeTus client = NodeTus.upload(api.url() + "/files/", file, chunkMib * MIB, Map.of())) {
            JsonNode success = client.await("success", Duration.ofMinutes(30));
            return new Tus(TusFixtures.id(success.path("url").asText()), success.path("ms").asDouble());
        }
    }

    private static void putToMinio(MinioClient minio, Path file) throws Exception {
        minio.uploadObject(UploadObjectArgs.builder().bucket("raw").object("bench/direct").filename(file.toString())
                .contentType("video/mp4").build());
    }

    private static void check(MinioClient minio, String videoId, Path file) throws Exception {
        long stored = minio.statObject(StatObjectArgs.builder().bucket("raw").object(videoId + "/source").build()).size();
        if (stored != Files.size(file)) {
            throw new IllegalStateException("raw/" + videoId + "/source has " + stored + " bytes, not " + Files.size(file));
        }
    }

    private static void report(long mib, int runs, long chunkMib, List<double[]> results, long idle, long[] peaks,
            long hwm) throws IOException {
        // medians; each run times the three paths back to back, so its ratios compare like with like
        double[] median = new double[3];
        for (int i = 0; i < 3; i++) {
            int path = i;
            median[i] = median(results.stream().mapToDouble(r -> r[path]).toArray());
        }
        double ac = median(results.stream().mapToDouble(r -> r[0] / r[2]).toArray());
        double bc = median(results.stream().mapToDouble(r -> r[1] / r[2]).toArray());
        long growth = Math.max(peaks[0], peaks[1]) - idle;
        String tusMode = chunkMib == 0 ? "one PATCH" : chunkMib + " MiB chunks";
        long partMib = Long.parseLong(System.getenv().getOrDefault("AETHER_TUS_PART_SIZE", "5242880")) / MIB;
        StringBuilder each = new StringBuilder();
        for (int r = 0; r < results.size(); r++) {
            double[] x = results.get(r);
            each.append(String.format("run %d: a %.1f, b %.1f, c %.1f MiB/s; a/c %.3f, b/c %.3f%n", r + 1, x[0], x[1],
                    x[2], x[0] / x[2], x[1] / x[2]));
        }
        String table = String.format("""
                bench/upload  %d MiB random file, median of %d runs, %d cores, client, API and MinIO on one machine
                tus part size %d MiB; API JVM -Xmx512m
                | path                                          | MiB/s  | API peak RSS MiB |
                |-----------------------------------------------|--------|------------------|
                | %-45s | %6.1f | %16d |
                | (b) POST /api/v1/upload (multipart/form-data) | %6.1f | %16d |
                | (c) MinIO Java client -> MinIO directly       | %6.1f | %16s |
                | ratio a/c (target >= %.1f)                     | %6.3f |                  |
                | ratio b/c (target >= %.1f)                     | %6.3f |                  |
                API RSS idle %d MiB, peak growth %d MiB (target <= %d), VmHWM %d MiB
                %s""", mib, runs, Runtime.getRuntime().availableProcessors(), partMib,
                "(a) tus-js-client -> /files/, " + tusMode, median[0],
                peaks[0] / MIB, median[1], peaks[1] / MIB, median[2], "-", RATIO_TARGET, ac, RATIO_TARGET, bc,
                idle / MIB, growth / MIB, RSS_TARGET_MIB, hwm / MIB, each);
        boolean met = ac >= RATIO_TARGET && bc >= RATIO_TARGET && growth / MIB <= RSS_TARGET_MIB;
        System.out.print(table);
        System.out.println(met ? "targets met" : "targets MISSED");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("at", Instant.now().toString());
        json.put("mib", mib);
        json.put("runs", runs);
        json.put("tusChunkMib", chunkMib);
        json.put("tusPartMib", partMib);
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("medianMibPerSecond", Map.of("tus", median[0], "multipart", median[1], "minio", median[2]));
        json.put("runsMibPerSecond", results);
        json.put("ratioTusToMinio", ac);
        json.put("ratioMultipartToMinio", bc);
        json.put("apiRssIdleMib", idle / MIB);
        json.put("apiRssPeakMib", Map.of("tus", peaks[0] / MIB, "multipart", peaks[1] / MIB));
        json.put("apiRssGrowthMib", growth / MIB);
        json.put("apiVmHwmMib", hwm / MIB);
        json.put("targetsMet", met);
        Path out = Path.of("bench", "results");
        Files.createDirectories(out);
        Files.writeString(out.resolve("upload.json"),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        Files.writeString(out.resolve("upload.md"), table + (met ? "targets met\n" : "targets MISSED\n"));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Removes what the bench stored: 3 objects of the file's size per run, and their records and jobs. */
    private static void clean(RedisCommands<String, String> redis, MinioClient minio, List<String> ids) throws Exception {
        minio.removeObject(RemoveObjectArgs.builder().bucket("raw").object("bench/direct").build());
        for (String id : ids) {
            minio.removeObject(RemoveObjectArgs.builder().bucket("raw").object(id + "/source").build());
            redis.del("aether:video:" + id, "aether:tus:" + id);
            redis.zrem("aether:videos", id);
        }
        redis.xrange(TusFixtures.QUEUE, Range.unbounded()).stream()
                .filter(m -> ids.contains(m.getBody().get("videoId")))
                .forEach(m -> redis.xdel(TusFixtures.QUEUE, m.getId()));
    }

    /** Lets a run try other API settings, e.g. AETHER_TUS_PART_SIZE=16777216 bench/upload. */
    private static Map<String, String> passThrough(String... names) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : names) {
            if (System.getenv(name) != null) {
                env.put(name, System.getenv(name));
            }
        }
        return env;
    }

    private static void write(Path file, long bytes) throws IOException {
        Random random = new Random(42);
        byte[] block = new byte[(int) MIB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < bytes; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, bytes - written));
            }
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Samples the API process's resident set from /proc every 20 ms. */
    private static final class Rss implements AutoCloseable {
        private final Path status;
        private final AtomicLong peak = new AtomicLong();
        private final Thread sampler;
        private volatile boolean running = true;

        Rss(long pid) {
            status = Path.of("/proc", Long.toString(pid), "status");
            sampler = new Thread(() -> {
                while (running) {
                    try {
                        long now = now();
                        peak.accumulateAndGet(now, Math::max);
                        Thread.sleep(20);
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "rss-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        long now() throws IOException {
            return field("VmRSS:");
        }

        long highWaterMark() throws IOException {
            return field("VmHWM:");
        }

        void reset() throws IOException {
            peak.set(now());
        }

        long peak() {
            return peak.get();
        }

        private long field(String name) throws IOException {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]) * 1024;
                }
            }
            throw new IOException(name + " not in " + status);
        }

        @Override
        public void close() {
            running = false;
        }
    }
}
