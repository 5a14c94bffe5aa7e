package io.aether.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import io.aether.it.AppProcess;
import io.aether.it.Credentials;
import io.aether.it.Services;
import io.aether.tus.NodeTus;
import io.aether.tus.TusFixtures;

/**
 * bench/upload: how close an upload through Aether comes to putting the file into MinIO directly.
 * One random file (1 GiB by default) goes, back to back in each run, (1) straight to MinIO in one
 * {@code curl --aws-sigv4 -T} PUT, (2) straight to MinIO with boto3's multipart transfer (16 MiB
 * parts, 4 in flight), (3) to POST /api/v1/upload with {@code curl -F}, (4) to /files/ with the real
 * tus-js-client in one PATCH. The references use none of Aether's storage code. Then 4 uploads of each
 * kind run at once to measure the API's RSS growth. Results: bench/results/upload.{md,json}.
 *
 * <p>Usage: bench/upload [MiB] [runs]; the bench/upload script prepares boto3 in .run/bench-venv.
 */
public final class UploadBench {
    private static final int DB = 7;
    private static final int AT_ONCE = 4;
    private static final int WARM_UPS = 2;
    static final long MIB = 1024L * 1024;

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        NodeTus.ensureInstalled();
        Path dir = Files.createTempDirectory("aether-upload-bench-");
        Path file = dir.resolve("bench.bin");
        Path small = dir.resolve("warmup.bin");
        write(file, mib * MIB);
        write(small, 32 * MIB);
        BenchStore store = new BenchStore(Services.minio(), Services.redisUrl(DB));
        try (AppProcess api = AppProcess.start("api", DB, Map.of())) {
            ProcStat proc = new ProcStat(api.pid());
            // warm-up, untimed: a service that has been up a while has its upload paths compiled by the JIT.
            // With one 32 MiB upload each, the three runs still got faster one after the other (tus 4.61,
            // 4.11, 3.86 s); two full-size uploads each bring the first run to where the last one was
            store.check(post(api, small), small);
            store.check(tus(api, small).id(), small);
            for (int i = 0; i < WARM_UPS; i++) {
                store.check(post(api, file), file);
                store.check(tus(api, file).id(), file);
            }
            List<UploadReport.Run> results = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                double curl = curlPut(file);
                store.removeDirect("bench/curl");
                double boto = boto3(file);
                store.removeDirect("bench/boto3");
                double cpu = proc.cpuSeconds();
                long start = System.nanoTime();
                String id = post(api, file);
                double post = seconds(start);
                double postCpu = proc.cpuSeconds() - cpu;
                store.check(id, file);
                cpu = proc.cpuSeconds();
                Tus tus = tus(api, file);
                double tusCpu = proc.cpuSeconds() - cpu;
                store.check(tus.id(), file);
                UploadReport.Run r = new UploadReport.Run(curl, boto, post, tus.seconds(), postCpu, tusCpu);
                results.add(r);
                System.err.printf("run %d: curl PUT %.2f s, boto3 %.2f s, POST %.2f s, tus %.2f s%n", run + 1, curl,
                        boto, post, tus.seconds());
            }
            long idle = proc.rss();
            long postPeak = concurrently(proc, () -> store.check(post(api, file), file));
            long tusPeak = concurrently(proc, () -> store.check(tus(api, file).id(), file));
            new UploadReport(mib, runs, results, idle, postPeak, tusPeak, proc.highWaterMark()).write();
        } finally {
            store.cleanUp();
            Files.deleteIfExists(file);
            Files.deleteIfExists(small);
            Files.deleteIfExists(dir);
        }
    }

    private interface Upload {
        void run() throws Exception;
    }

    /** Runs {@link #AT_ONCE} uploads together and returns the API's peak RSS meanwhile. */
    private static long concurrently(ProcStat proc, Upload upload) throws Exception {
        try (ProcStat.RssSampler sampler = proc.sample()) {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < AT_ONCE; i++) {
                all.add(CompletableFuture.runAsync(() -> {
                    try {
                        upload.run();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            return sampler.peak();
        }
    }

    /** One PUT of the whole file, signed by curl itself; the credentials go in on stdin, never on argv. */
    private static double curlPut(Path file) throws Exception {
        String url = Services.env("AETHER_MINIO_URL") + "/raw/bench/curl";
        Process curl = new ProcessBuilder("curl", "-sS", "-K", "-", "-o", "/dev/null", "-w", "%{http_code}",
                "--aws-sigv4", "aws:amz:us-east-1:s3", "-T", file.toString(), url).start();
        try (OutputStream config = curl.getOutputStream()) {
            config.write(("user = \"" + Services.env("AETHER_MINIO_ACCESS_KEY") + ":"
                    + Services.env("AETHER_MINIO_SECRET_KEY") + "\"\n").getBytes(StandardCharsets.UTF_8));
        }
        long start = System.nanoTime();
        String status = output(curl);
        double took = seconds(start);
        if (!status.equals("200")) {
            throw new IllegalStateException("curl PUT to MinIO answered " + status);
        }
        return took;
    }

    private static double boto3(Path file) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(".run/bench-venv/bin/python", "bench/s3_multipart.py",
                Services.env("AETHER_MINIO_URL"), "raw", "bench/boto3", file.toString());
        builder.environment().put("AWS_ACCESS_KEY_ID", Services.env("AETHER_MINIO_ACCESS_KEY"));
        builder.environment().put("AWS_SECRET_ACCESS_KEY", Services.env("AETHER_MINIO_SECRET_KEY"));
        return Double.parseDouble(output(builder.start()));
    }

    /** curl -F, as a user would send it; returns the video id from the 202. The key goes in on stdin. */
    private static String post(AppProcess api, Path file) throws Exception {
        Process curl = new ProcessBuilder("curl", "-sS", "-K", "-", "-w", "\n%{http_code}", "-F",
                "video=@" + file + ";type=video/mp4", api.url() + "/api/v1/upload").start();
        try (OutputStream config = curl.getOutputStream()) {
            config.write(("header = \"Authorization: " + Credentials.bearer(api.url()) + "\"\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        String[] out = output(curl).split("\n");
        if (!out[out.length - 1].equals("202")) {
            throw new IllegalStateException("POST /api/v1/upload answered " + String.join(" ", out));
        }
        return Json.MAPPER.readTree(out[0]).path("id").asText();
    }

    private record Tus(String id, double seconds) {
    }

    private static Tus tus(AppProcess api, Path file) throws Exception {
        try (NodeTus client = NodeTus.upload(api.url() + "/files/", file, 0, Map.of())) {
            JsonNode success = client.await("success", Duration.ofMinutes(30));
            return new Tus(TusFixtures.id(success.path("url").asText()), success.path("ms").asDouble() / 1000);
        }
    }

    private static String output(Process process) throws Exception {
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(process.info().command().orElse("?") + " failed: " + out + " " + err);
        }
        return out;
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
}
