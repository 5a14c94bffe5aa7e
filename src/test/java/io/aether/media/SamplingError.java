package io.aether.media;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tool, not a test: how far the record's pooled VMAF would be from every frame's at a sampling
 * density, from DensityCheck's {@code frames.tsv} (every frame's VMAF of a chunked encode). Pools,
 * as the worker does, the middles {@link SampledFrames} takes in each chunk, over shifts of the block
 * grid (the chunks' starts moved by 0 to N - 1 frames), and prints per rung and density the error at
 * shift 0, its mean (bias), rms and worst over the shifts (docs/quality.md, Sampling).
 * Usage: SamplingError frames.tsv [densities=29,59,89,119]
 */
public final class SamplingError {
    public static void main(String[] a) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(a[0]));
        List<long[]> chunks = new ArrayList<>();
        Matcher m = Pattern.compile("(\\d+)\\+(\\d+)").matcher(lines.get(0));
        while (m.find()) {
            chunks.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
        }
        String[] names = lines.get(1).split("\t");
        int rungs = names.length - 1;
        double[][] v = new double[lines.size() - 2][rungs];
        for (int i = 2; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t");
            for (int r = 0; r < rungs; r++) {
                v[i - 2][r] = Double.parseDouble(f[r + 1]);
            }
        }
        String which = a.length > 1 ? a[1] : "29,59,89,119";
        for (int r = 0; r < rungs; r++) {
            double sum = 0;
            double sq = 0;
            int n = 0;
            for (double[] row : v) {
                if (!Double.isNaN(row[r])) {
                    sum += row[r];
                    sq += row[r] * row[r];
                    n++;
                }
            }
            double full = sum / n;
            double sd = Math.sqrt(sq / n - full * full);
            System.out.printf(Locale.ROOT, "%s every-frame %.2f sd %.2f (%d frames)%n", names[r + 1], full, sd, n);
            for (String e : which.split(",")) {
                int every = Integer.parseInt(e);
                double first = 0;
                double bias = 0;
                double rms = 0;
                double worst = 0;
                int scored = 0;
                for (int shift = 0; shift < every; shift++) {
                    double s = 0;
                    int k = 0;
                    for (long[] c : chunks) {
                        for (long f : new SampledFrames(every, c[0] + shift, c[1]).scoredFrames()) {
                            s += v[(int) (c[0] + f)][r];
                            k++;
                        }
                    }
                    double err = s / k - full;
                    first = shift == 0 ? err : first;
                    scored = shift == 0 ? k : scored;
                    bias += err / every;
                    rms += err * err / every;
                    worst = Math.abs(err) > Math.abs(worst) ? err : worst;
                }
                System.out.printf(Locale.ROOT, "  every %d: %d scored, error %+.2f, over %d shifts bias %+.2f rms %.2f"
                        + " worst %+.2f; sd*sqrt(N/frames) %.2f%n", every, scored, first, every, bias, Math.sqrt(rms),
                        worst, sd * Math.sqrt((double) every / n));
            }
        }
    }
}
