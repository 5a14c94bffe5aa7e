package io.aether.media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The two halves of measuring a job's rungs against its source. The encode run (Debian's ffmpeg)
 * also writes a pair of consecutive frames out of every N of what it encodes, after its fps filter, at the source's display size
 * ({@link #referenceBranch}, {@link #referenceOutput}); the measure run ({@link #measure}) decodes the
 * rungs it produced, takes the same frame numbers, scales each back up to that size (bicubic) and
 * scores it. The source is decoded once, by the encode run. Argument lists for ProcessBuilder.
 */
public final class QualityCommand {
    public static final String MODEL = "vmaf_v0.6.1";
    public static final String REFERENCE = "reference.nut";
    // a path inside a filter graph cannot hold the graph's own delimiters; work dirs never do
    /**
     * The scoring filters pair their inputs' frames by timestamp; the rung's (from the HLS timeline) and
     * the reference's (the source's) differ, so both are renumbered 0, 1, 2, ... in one time base.
     */
    private static final String RENUMBER = "settb=1/10,setpts=N";
    /**
     * Frames k and k+1 of every N, k = N/2 (every frame when N is 1 or 2): mid-period, so a short clip's
     * few samples do not start on its first keyframe, the frame with the most bits.
     */
    private static String pairs(int every) {
        return every <= 2 ? "1" : "between(mod(n\\," + every + ")\\," + every / 2 + "\\," + (every / 2 + 1) + ")";
    }
    private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z0-9/._+-]+");

    private QualityCommand() {
    }

    /**
     * What the encode run also writes: frames n and n+1 out of every N after its fps filter, at the
     * source's display size, raw in NUT (cheap to write; no second decode of the source). Pairs, not
     * single frames: VMAF's motion feature compares a frame with its neighbours, and frames N apart
     * look like fast motion, which masks artefacts (a fractal zoom read 11 points high on single
     * frames, within 0.7 on pairs, like libvmaf's own subsampling of every frame).
     */
    public record Sampled(Path file, int every, int width, int height) {
        public Sampled {
            if (every < 1 || width < 1 || height < 1) {
                throw new IllegalArgumentException("sampling every " + every + " frames at " + width + "x" + height);
            }
        }

        /** The graph's extra branch, its input left off; frames 0 when the run encodes to the end. */
        public String branch(long frames) {
            String limit = frames > 0 ? "*lt(n\\," + frames + ")" : "";
            return "select='" + pairs(every) + limit + "',scale=" + width + ":" + height
                    + ",format=yuv420p[ref]";
        }

        /** Its output, at most the samples of {@code frames}, so a chunk's run ends with its last frame. */
        public List<String> output(long frames) {
            List<String> args = new ArrayList<>(List.of("-map", "[ref]", "-fps_mode", "passthrough", "-an"));
            if (frames > 0) {
                args.addAll(List.of("-frames:v", Long.toString(samples(frames, every))));
            }
            args.addAll(List.of("-c:v", "rawvideo", "-f", "nut", file.toString()));
            return List.copyOf(args);
        }
    }

    /**
     * What libvmaf scores of the pairs: with N odd, the first frame of each ({@code n_subsample=2}); the
     * second is decoded for VMAF's motion feature only. Scoring it too doubled the VIF and ADM work for
     * a neighbour's near-copy of the first's score: the run takes a quarter to a third less CPU, the
     * kept frames score to the digit as before (docs/quality.md). With N even the first frames would
     * all sit on one parity, which x264's B-frame pattern ties to frame types (a grainy clip's 720p read
     * 1.75 low on every 6th frame alone), so both frames of each pair are scored, as before.
     */
    private static boolean firstOnly(int every) {
        return every > 2 && every % 2 == 1;
    }

    /** Frames of {@code frames} that VMAF scores: k, N+k, 2N+k, ... with N odd, else {@link #samples}. */
    public static long scored(long frames, int every) {
        if (!firstOnly(every)) {
            return samples(frames, every);
        }
        return frames / every + (frames % every > every / 2 ? 1 : 0);
    }

    /** Frames of {@code frames} that the sampling takes: k, k+1, N+k, N+k+1, ... (k = N/2). */
    public static long samples(long frames, int every) {
        if (every <= 2) {
            return frames;
        }
        return frames / every * 2 + Math.max(0, Math.min(2, frames % every - every / 2));
    }

    /**
     * One run that scores every rung against the reference frames. With libvmaf: VMAF with PSNR and
     * SSIM in the same pass on the frames {@link #scored} names, a JSON log per rung
     * ({@link VmafLog}); without it: the psnr and ssim filters' stats files ({@link StatsLog}), both
     * frames of each pair (they cost little).
     *
     * @param logs where each rung's log goes, in ladder order (".json" with VMAF, else the stem of
     *     ".psnr" and ".ssim")
     */
    public static List<String> measure(String ffmpeg, Path reference, List<Path> rungs, List<Path> logs, int every,
                                       int width, int height, boolean vmaf, int threads) {
        if (rungs.isEmpty() || rungs.size() != logs.size()) {
            throw new IllegalArgumentException("one log per rung, and at least one rung");
        }
        List<String> args = new ArrayList<>(List.of(ffmpeg, "-nostdin", "-hide_banner", "-nostats", "-y",
                "-loglevel", "error", "-filter_complex_threads", Integer.toString(threads),
                "-threads", Integer.toString(threads), "-i", reference.toString()));
        int n = rungs.size();
        StringBuilder graph = new StringBuilder("[0:v]").append(RENUMBER).append(",split=").append(n);
        for (int i = 0; i < n; i++) {
            args.addAll(List.of("-threads", Integer.toString(threads), "-i", rungs.get(i).toString()));
            graph.append("[r").append(i).append(']');
        }
        for (int i = 0; i < n; i++) {
            String log = plain(logs.get(i));
            graph.append(";[").append(i + 1).append(":v]select='").append(pairs(every)).append("',").append(RENUMBER).append(",scale=")
                    .append(width).append(':').append(height).append(":flags=bicubic,format=yuv420p[d").append(i)
                    .append(']');
            if (vmaf) {
                graph.append(";[d").append(i).append("][r").append(i).append("]libvmaf=shortest=1:").append(firstOnly(every) ? "n_subsample=2:" : "")
                        .append("model=version=").append(MODEL)
                        .append(":n_threads=").append(threads)
                        .append(":feature=name=psnr|name=float_ssim:log_fmt=json:log_path=").append(log)
                        .append("[o").append(i).append(']');
            } else {
                graph.append(";[d").append(i).append("]split[da").append(i).append("][db").append(i).append("];[r")
                        .append(i).append("]split[ra").append(i).append("][rb").append(i).append("];[da").append(i)
                        .append("][ra").append(i).append("]psnr=shortest=1:stats_file=").append(log).append(".psnr[o").append(i)
                        .append("];[db").append(i).append("][rb").append(i).append("]ssim=shortest=1:stats_file=").append(log)
                        .append(".ssim[p").append(i).append(']');
            }
        }
        args.addAll(List.of("-filter_complex", graph.toString()));
        for (int i = 0; i < n; i++) {
            args.addAll(List.of("-map", "[o" + i + "]"));
            if (!vmaf) {
                args.addAll(List.of("-map", "[p" + i + "]"));
            }
        }
        args.addAll(List.of("-f", "null", "-"));
        return List.copyOf(args);
    }

    private static String plain(Path path) {
        String text = path.toString();
        if (!PLAIN_PATH.matcher(text).matches()) {
            throw new IllegalArgumentException("a log path the filter graph cannot hold: " + text);
        }
        return text;
    }
}
