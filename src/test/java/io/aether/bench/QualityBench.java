package io.aether.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.aether.bench.BenchVmaf.Score;
import io.aether.bench.HlsLadder.Rung;
import io.aether.bench.QualityCorpus.Source;

/**
 * bench/quality: the per-title ladder against the fixed one, on a corpus of generated 1080p30 sources
 * of very different difficulty ({@link QualityCorpus}). Each source goes through Aether twice, one
 * upload after the other: {@code ladder=per-title} on a worker that measures quality, and
 * {@code ladder=fixed} on a worker with measurement off (AETHER_QUALITY_MEASURE=false), which is the
 * baseline of the time target. The bench then fetches each ladder over HTTP as a player would and
 * scores every rung itself ({@link BenchVmaf}); it reads the record's own figures beside its own.
 * <p>Usage: {@code [seconds=60] [sources=all|N|name,name] [full|sample N]}.
 */
public final class QualityBench {
    private static final int MEASURED_DB = 12;
    private static final int UNMEASURED_DB = 13;
    private static final long STARTED = System.nanoTime();

    /** One upload of a source: the ladder asked for, its time to completed, what was stored and scored. */
    record LadderRun(String asked, double seconds, String recordLadder, List<Rung> rungs, Map<Integer, Score> bench,
            Map<Integer, QualityRecord> record) {
        long bytes() {
            return rungs.stream().mapToLong(Rung::bytes).sum();
        }

        Rung top() {
            return rungs.get(0);
        }
    }

    /** A source's two runs, and a full-frame score of the per-title ladder when the run sampled and chose it. */
    record SourceResult(Source source, double sourceMbps, LadderRun perTitle, LadderRun fixed, Map<Integer, Score> full) {
    }

    private QualityBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        List<Source> sources = QualityCorpus.select(args.length > 1 ? args[1] : "all");
        int every = 1;
        if (args.length > 2 && args[2].equals("sample")) {
            every = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        } else if (args.length > 2 && !args[2].equals("full")) {
            throw new IllegalArgumentException("bench/quality [seconds] [all|N|name,name] [full|sample N]");
        }
        String ffmpegVmaf = System.getenv("AETHER_BENCH_VMAF_FFMPEG");
        if (ffmpegVmaf == null || ffmpegVmaf.isBlank()) {
            throw new IllegalStateException("AETHER_BENCH_VMAF_FFMPEG is not set: run the bench through bench/quality");
        }
        progress(String.format("%d sources x %d s, VMAF %s, %d cores", sources.size(), seconds,
                every == 1 ? "on every frame" : "on every " + every + "th frame", Runtime.getRuntime().availableProcessors()));
        Map<Source, Path> files = new LinkedHashMap<>();
        for (Source source : sources) {
            files.put(source, QualityCorpus.file(source, seconds));
        }
        // sampling is only honest if it agrees with a full measurement: one source, the most varied one
        Source fullCheck = every == 1 ? null
                : sources.stream().filter(s -> s.name().equals("cuts")).findFirst().orElse(sources.get(sources.size() - 1));
        Path work = Files.createTempDirectory("aether-quality-");
        List<SourceResult> results = new ArrayList<>();
        try (QualityStack measured = QualityStack.start("per-title", MEASURED_DB, env(true, ffmpegVmaf));
             QualityStack unmeasured = QualityStack.start("fixed", UNMEASURED_DB, env(false, ffmpegVmaf))) {
            // untimed: a replica's first job runs on cold code (the first timed run was twice as slow)
            Path warmUp = ScalePipeline.clip(work, 2);
            for (QualityStack stack : List.of(measured, unmeasured)) {
                QualityStack.Done done = stack.upload(warmUp, stack == measured ? "per-title" : "fixed");
                stack.delete(done.id());
            }
            progress("both stacks warmed up");
            for (int i = 0; i < sources.size(); i++) {
                Source source = sources.get(i);
                Path file = files.get(source);
                Path dir = Files.createDirectories(work.resolve(source.name()));
                progress(String.format("[%d/%d] %s: %s", i + 1, sources.size(), source.name(), source.kind()));
                // the order alternates, so the machine's drift over minutes favours neither ladder
                QualityStack.Done perTitle;
                QualityStack.Done fixed;
                if (i % 2 == 0) {
                    perTitle = upload(measured, file, "per-title");
                    fixed = upload(unmeasured, file, "fixed");
                } else {
                    fixed = upload(unmeasured, file, "fixed");
                    perTitle = upload(measured, file, "per-title");
                }
                LadderRun perTitleRun = score(measured, perTitle, "per-title", file, every, ffmpegVmaf,
                        Files.createDirectories(dir.resolve("per-title")));
                LadderRun fixedRun = score(unmeasured, fixed, "fixed", file, every, ffmpegVmaf,
                        Files.createDirectories(dir.resolve("fixed")));
                Map<Integer, Score> full = null;
                if (source.equals(fullCheck)) {
                    progress("  the sampled-vs-full check: every frame of the per-title ladder");
                    full = vmaf(ffmpegVmaf, file, perTitleRun.rungs(), 1, dir);
                }
                results.add(new SourceResult(source, Files.size(file) * 8 / 1e6 / seconds, perTitleRun, fixedRun, full));
                deleteTree(dir);
            }
        } finally {
            deleteTree(work);
        }
        QualityReport.write(seconds, every, results, (System.nanoTime() - STARTED) / 1e9);
    }

    private static Map<String, String> env(boolean measure, String ffmpegVmaf) {
        return Map.of("AETHER_X264_PRESET", ScalePipeline.PRESET, "AETHER_QUALITY_MEASURE", Boolean.toString(measure),
                "AETHER_QUALITY_FFMPEG", ffmpegVmaf, "AETHER_LADDER", "per-title");
    }

    private static QualityStack.Done upload(QualityStack stack, Path file, String ladder) throws Exception {
        progress("  upload, ladder=" + ladder + (ladder.equals("fixed") ? " (measurement off)" : ""));
        QualityStack.Done done = stack.upload(file, ladder);
        progress(String.format("  completed %.1f s after the upload started", done.seconds()));
        return done;
    }

    /** Fetches the ladder as a player would, removes the video, and scores its rungs. */
    private static LadderRun score(QualityStack stack, QualityStack.Done done, String asked, Path source, int every,
            String ffmpegVmaf, Path dir) throws Exception {
        List<Rung> rungs = HlsLadder.fetch(done.record().path("playlistUrl").asText(), dir);
        stack.delete(done.id());
        Map<Integer, QualityRecord> record = new LinkedHashMap<>();
        for (Rung rung : rungs) {
            record.put(rung.height(), QualityRecord.of(done.record(), rung));
        }
        Map<Integer, Score> bench = vmaf(ffmpegVmaf, source, rungs, every, dir);
        return new LadderRun(asked, done.seconds(), QualityRecord.ladder(done.record()), rungs, bench, record);
    }

    private static Map<Integer, Score> vmaf(String ffmpeg, Path source, List<Rung> rungs, int every, Path dir)
            throws Exception {
        long start = System.nanoTime();
        Map<Integer, Score> scores = BenchVmaf.measure(ffmpeg, source, 1920, 1080, QualityCorpus.FPS, rungs, every, dir);
        progress(String.format("  VMAF of %d rungs (%s) in %.0f s", rungs.size(), rungs.stream().map(Rung::name).toList(),
                (System.nanoTime() - start) / 1e9));
        for (Rung rung : rungs) {
            // a rung that lost frames scores against the wrong source frames from there on: say so
            double expected = rung.seconds() * QualityCorpus.FPS / every;
            if (scores.get(rung.height()).frames() < 0.98 * expected) {
                progress(String.format("  WARNING: %s scored %d frames, its playlist lasts %.0f", rung.name(),
                        scores.get(rung.height()).frames(), expected));
            }
        }
        return scores;
    }

    static void progress(String message) {
        System.err.printf("[quality %5.0f s] %s%n", (System.nanoTime() - STARTED) / 1e9, message);
    }

    private static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
