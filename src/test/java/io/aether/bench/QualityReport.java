package io.aether.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.aether.Json;
import io.aether.bench.BenchVmaf.Score;
import io.aether.bench.HlsLadder.Rung;
import io.aether.bench.QualityBench.LadderRun;
import io.aether.bench.QualityBench.SourceResult;

/** bench/quality's tables and targets: printed, and written to bench/results/quality.{json,md}. */
final class QualityReport {
    private QualityReport() {
    }

    static void write(int seconds, int every, List<SourceResult> results, double benchSeconds) throws Exception {
        StringBuilder md = new StringBuilder(String.format("bench/quality  %d sources x %d s 1080p30 + audio, preset %s,"
                + " %d cores, VMAF (%s, at 1080p, bicubic) by the bench on %s; bench took %.0f min%n%n",
                results.size(), seconds, ScalePipeline.PRESET, Runtime.getRuntime().availableProcessors(), BenchVmaf.MODEL,
                every == 1 ? "every frame" : "every " + every + "th frame", benchSeconds / 60));
        md.append("| source | what it is | source Mb/s | ladder (record) | per-title: upload → completed (s) |"
                + " fixed, measurement off (s) | time ratio | per-title MB | fixed MB | bits ratio |"
                + " top rung VMAF per-title / fixed | target (record) |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (SourceResult r : results) {
            md.append(String.format("| %s | %s | %.1f | %s | %.1f | %.1f | %.3f | %.1f | %.1f | %.3f | %.2f / %.2f | %s |%n",
                    r.source().name(), r.source().kind(), r.sourceMbps(), r.perTitle().recordLadder(), r.perTitle().seconds(),
                    r.fixed().seconds(), r.perTitle().seconds() / r.fixed().seconds(), r.perTitle().bytes() / 1e6,
                    r.fixed().bytes() / 1e6, (double) r.perTitle().bytes() / r.fixed().bytes(), topVmaf(r.perTitle()),
                    topVmaf(r.fixed()), text(target(r))));
        }
        md.append("\nPer rung (kb/s from the segments as fetched over HTTP, audio and TS overhead included;"
                + " record VMAF from `renditions[].quality.vmaf.mean`):\n\n"
                + "| source | ladder | rung | avg kb/s | peak kb/s | VMAF mean | p5 | min | frames |"
                + " record VMAF | record − bench | encoding (record) |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (SourceResult r : results) {
            for (LadderRun run : List.of(r.perTitle(), r.fixed())) {
                for (Rung rung : run.rungs()) {
                    Score score = run.bench().get(rung.height());
                    QualityRecord record = run.record().get(rung.height());
                    md.append(String.format("| %s | %s | %dx%d | %.0f | %.0f | %.2f | %.2f | %.2f | %d | %s | %s | %s |%n",
                            r.source().name(), run.asked(), rung.width(), rung.height(), rung.averageKbps(), rung.peakKbps(),
                            score.mean(), score.p5(), score.min(), score.frames(),
                            record.vmafUnavailable() != null ? "n/a (" + record.vmafUnavailable() + ")" : text(record.vmafMean()),
                            text(record.vmafMean() - score.mean()), record.encoding()));
                }
            }
        }
        List<QualityTargets.Check> checks = QualityTargets.all(results, every);
        md.append("\n| target | met | detail |\n|---|---|---|\n");
        for (QualityTargets.Check check : checks) {
            md.append(String.format("| %s | %s | %s |%n", check.target(), check.status(), check.detail()));
        }
        boolean missed = checks.stream().anyMatch(c -> c.status().equals(QualityTargets.FAIL));
        boolean unknown = checks.stream().anyMatch(c -> c.status().equals(QualityTargets.NA));
        String verdict = missed ? "target MISSED" : unknown ? "targets met where the record says enough (n/a: fields missing)"
                : "targets met";
        md.append('\n').append(verdict).append('\n');
        System.out.print(md);
        Path dir = Files.createDirectories(Path.of("bench", "results"));
        Files.writeString(dir.resolve("quality.md"), md.toString());
        Files.writeString(dir.resolve("quality.json"), Json.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(json(seconds, every, results, checks, benchSeconds)));
    }

    /** The record's target of the per-title top rung. */
    static double target(SourceResult r) {
        return r.perTitle().record().get(r.perTitle().top().height()).targetVmaf();
    }

    static double topVmaf(LadderRun run) {
        return run.bench().get(run.top().height()).mean();
    }

    static String text(double value) {
        return Double.isNaN(value) ? "n/a" : String.format("%.2f", value);
    }

    private static Map<String, Object> json(int seconds, int every, List<SourceResult> results,
            List<QualityTargets.Check> checks, double benchSeconds) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("at", Instant.now().toString());
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("sourceSeconds", seconds);
        json.put("preset", ScalePipeline.PRESET);
        json.put("vmafModel", BenchVmaf.MODEL);
        json.put("vmafEveryNthFrame", every);
        json.put("benchSeconds", round(benchSeconds));
        List<Map<String, Object>> sources = new ArrayList<>();
        for (SourceResult r : results) {
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("name", r.source().name());
            source.put("kind", r.source().kind());
            source.put("sourceMbps", round(r.sourceMbps()));
            source.put("perTitle", run(r.perTitle()));
            source.put("fixed", run(r.fixed()));
            if (r.full() != null) {
                Map<String, Object> full = new LinkedHashMap<>();
                r.full().forEach((height, score) -> full.put(height + "p", score(score)));
                source.put("perTitleEveryFrame", full);
            }
            sources.add(source);
        }
        json.put("sources", sources);
        List<Map<String, Object>> targets = new ArrayList<>();
        for (QualityTargets.Check check : checks) {
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("target", check.target());
            target.put("status", check.status());
            target.put("detail", check.detail());
            targets.add(target);
        }
        json.put("targets", targets);
        return json;
    }

    private static Map<String, Object> run(LadderRun run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ladderAsked", run.asked());
        json.put("ladderRecord", run.recordLadder());
        json.put("uploadToCompletedSeconds", round(run.seconds()));
        json.put("bytes", run.bytes());
        List<Map<String, Object>> rungs = new ArrayList<>();
        for (Rung rung : run.rungs()) {
            QualityRecord record = run.record().get(rung.height());
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("playlist", rung.playlist());
            one.put("width", rung.width());
            one.put("height", rung.height());
            one.put("bytes", rung.bytes());
            one.put("seconds", round(rung.seconds()));
            one.put("averageKbps", round(rung.averageKbps()));
            one.put("peakKbps", round(rung.peakKbps()));
            one.put("benchVmaf", score(run.bench().get(rung.height())));
            Map<String, Object> fromRecord = new LinkedHashMap<>();
            fromRecord.put("vmafMean", round(record.vmafMean()));
            fromRecord.put("vmafUnavailable", record.vmafUnavailable());
            fromRecord.put("sampleEvery", record.sampleEvery() == 0 ? null : record.sampleEvery());
            fromRecord.put("mode", record.mode());
            fromRecord.put("crf", round(record.crf()));
            fromRecord.put("targetVmaf", round(record.targetVmaf()));
            fromRecord.put("maxrateKbps", round(record.maxrateKbps()));
            fromRecord.put("capped", record.capped());
            one.put("record", fromRecord);
            rungs.add(one);
        }
        json.put("rungs", rungs);
        return json;
    }

    private static Map<String, Object> score(Score score) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mean", round(score.mean()));
        json.put("p5", round(score.p5()));
        json.put("min", round(score.min()));
        json.put("frames", score.frames());
        return json;
    }

    /** Two decimals, and null (not NaN, which JSON lacks) for a figure the record did not give. */
    private static Double round(double value) {
        return Double.isNaN(value) ? null : Math.round(value * 100) / 100.0;
    }
}
