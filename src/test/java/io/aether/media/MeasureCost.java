package io.aether.media;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tool, not a test: the CPU-s of the worker's measure run of one chunk at each sampling density
 * asked, A/B in turn (the densities alternate, rounds times), on a chunk DensityCheck encoded. The
 * reference frames are written as the encode run writes them (its fps filter and reference branch),
 * by a run of their own that is not counted.
 * Usage: MeasureCost source chunkDir startFrame frames rounds every... (AETHER_QUALITY_FFMPEG: libvmaf)
 */
public final class MeasureCost {
    public static void main(String[] a) throws Exception {
        Path source = Path.of(a[0]);
        Path chunk = Path.of(a[1]);
        long start = Long.parseLong(a[2]);
        long frames = Long.parseLong(a[3]);
        int rounds = Integer.parseInt(a[4]);
        List<Path> rungs = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        try (var list = Files.list(chunk.resolve("out"))) {
            list.filter(p -> p.toString().endsWith(".m3u8")).sorted().forEach(p -> {
                rungs.add(p);
                logs.add(chunk.resolve("cost-" + p.getFileName().toString().replace(".m3u8", ".json")));
            });
        }
        for (int round = 0; round < rounds; round++) {
            for (int i = 5; i < a.length; i++) {
                int every = Integer.parseInt(a[i]);
                QualityCommand.Sampled ref = new QualityCommand.Sampled(chunk.resolve("cost.nut"), every, 1920, 1080,
                        start, frames);
                List<String> write = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-loglevel", "error", "-y",
                        "-ss", String.format(java.util.Locale.ROOT, "%.3f", start / 30.0), "-i", source.toString(),
                        "-filter_complex", "[0:v]fps=30," + ref.branch()));
                write.addAll(ref.output());
                run(write);
                String time = run(timed(QualityCommand.measure(System.getenv("AETHER_QUALITY_FFMPEG"), ref, rungs, logs,
                        true, 1)));
                System.out.printf("every %d: %d scored a rung, %s%n", every, ref.sampling().scored() - 1, time);
            }
        }
    }

    private static List<String> timed(List<String> command) {
        List<String> out = new ArrayList<>(List.of("/usr/bin/time", "-f", "TIME %U user %S sys %e wall"));
        out.addAll(command);
        return out;
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(text);
        }
        return text.lines().filter(l -> l.startsWith("TIME")).findFirst().orElse("");
    }
}
