package io.aether.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.aether.Json;

/** The upload bench's table and JSON: medians of the runs, each ratio taken within one run (back to back). */
final class UploadReport {
    private static final double RATIO_TARGET = 0.70;
    private static final long RSS_TARGET_MIB = 256;
    private static final long MIB = UploadBench.MIB;

    /** Seconds per path in one run, and the API's CPU seconds while it took the POST and the tus upload. */
    record Run(double curl, double boto3, double post, double tus, double postCpu, double tusCpu) {
    }

    private final long mib;
    private final int runs;
    private final List<Run> results;
    private final long idle;
    private final long postPeak;
    private final long tusPeak;
    private final long hwm;

    UploadReport(long mib, int runs, List<Run> results, long idle, long postPeak, long tusPeak, long hwm) {
        this.mib = mib;
        this.runs = runs;
        this.results = results;
        this.idle = idle;
        this.postPeak = postPeak;
        this.tusPeak = tusPeak;
        this.hwm = hwm;
    }

    void write() throws IOException {
        double gib = mib / 1024.0;
        double curl = median(Run::curl);
        double boto3 = median(Run::boto3);
        double post = median(Run::post);
        double tus = median(Run::tus);
        double postToCurl = median(r -> r.curl() / r.post());
        double tusToCurl = median(r -> r.curl() / r.tus());
        double postToBoto3 = median(r -> r.boto3() / r.post());
        double tusToBoto3 = median(r -> r.boto3() / r.tus());
        double postCpu = median(Run::postCpu) / gib;
        double tusCpu = median(Run::tusCpu) / gib;
        long growth = Math.max(postPeak, tusPeak) - idle;
        boolean met = postToCurl >= RATIO_TARGET && tusToCurl >= RATIO_TARGET && growth / MIB <= RSS_TARGET_MIB;
        StringBuilder each = new StringBuilder();
        for (int r = 0; r < results.size(); r++) {
            Run x = results.get(r);
            each.append(String.format("run %d: curl PUT %.2f s, boto3 %.2f s, POST %.2f s, tus %.2f s;"
                    + " POST/curl %.3f, tus/curl %.3f%n", r + 1, x.curl(), x.boto3(), x.post(), x.tus(),
                    x.curl() / x.post(), x.curl() / x.tus()));
        }
        String table = String.format("""
                bench/upload  %d MiB random file, median of %d runs after 2 untimed uploads per API path, %d cores;
                client, API and MinIO on one machine
                | path                                              | s      | MiB/s  | vs curl PUT | vs boto3 | API CPU s/GiB |
                |---------------------------------------------------|--------|--------|-------------|----------|---------------|
                | curl --aws-sigv4 -T, one PUT straight to MinIO    | %6.2f | %6.1f |       1.000 | %8.3f |             - |
                | boto3 multipart, 16 MiB parts, 4 in flight        | %6.2f | %6.1f | %11.3f |    1.000 |             - |
                | curl -F POST /api/v1/upload                       | %6.2f | %6.1f | %11.3f | %8.3f | %13.2f |
                | tus-js-client, one PATCH to /files/               | %6.2f | %6.1f | %11.3f | %8.3f | %13.2f |
                targets: POST and tus >= %.2f of the curl PUT; API RSS growth <= %d MiB with %d uploads at once
                API RSS idle %d MiB; peak with 4 POSTs at once %d MiB, with 4 tus uploads at once %d MiB;
                growth %d MiB; VmHWM %d MiB
                %s""", mib, runs, Runtime.getRuntime().availableProcessors(),
                curl, mib / curl, median(r -> r.boto3() / r.curl()),
                boto3, mib / boto3, median(r -> r.curl() / r.boto3()),
                post, mib / post, postToCurl, postToBoto3, postCpu,
                tus, mib / tus, tusToCurl, tusToBoto3, tusCpu,
                RATIO_TARGET, RSS_TARGET_MIB, 4, idle / MIB, postPeak / MIB, tusPeak / MIB, growth / MIB, hwm / MIB,
                each);
        String verdict = met ? "targets met\n" : "targets MISSED\n";
        System.out.print(table + verdict);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("at", Instant.now().toString());
        json.put("mib", mib);
        json.put("runs", runs);
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("medianSeconds", Map.of("curlPut", curl, "boto3", boto3, "post", post, "tus", tus));
        json.put("runsSeconds", results);
        json.put("ratioPostToCurl", postToCurl);
        json.put("ratioTusToCurl", tusToCurl);
        json.put("ratioPostToBoto3", postToBoto3);
        json.put("ratioTusToBoto3", tusToBoto3);
        json.put("apiCpuSecondsPerGib", Map.of("post", postCpu, "tus", tusCpu));
        json.put("apiRssIdleMib", idle / MIB);
        json.put("apiRssPeakMib", Map.of("post", postPeak / MIB, "tus", tusPeak / MIB));
        json.put("apiRssGrowthMib", growth / MIB);
        json.put("apiVmHwmMib", hwm / MIB);
        json.put("targetsMet", met);
        Path out = Path.of("bench", "results");
        Files.createDirectories(out);
        Files.writeString(out.resolve("upload.json"),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        Files.writeString(out.resolve("upload.md"), table + verdict);
    }

    private double median(ToDoubleFunction<Run> value) {
        double[] sorted = results.stream().mapToDouble(value).toArray();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
