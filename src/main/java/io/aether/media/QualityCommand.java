package io.aether.media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The two halves of measuring a job's rungs against its source. The encode run (Debian's ffmpeg)
 * also writes a scored frame and its two neighbours out of every N of what it encodes, after its fps filter, at the source's display size
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
    private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z0-9/._+-]+");

    private QualityCommand() {
    }

    /**
     * What the encode run also writes: the frames {@link SampledFrames} takes of its run (a scored
     * frame with its two neighbours in every N), after its fps filter, at the source's display size,
     * raw in NUT (cheap to write; no second decode of the source). Neighbours, not single frames:
     * VMAF's motion feature compares a frame with them, and frames N apart look like fast motion,
     * which masks artefacts (a fractal zoom read 11 points high on single frames).
     *
     * @param sampling which of the run's frames, computed once for the encode and the measure run
     */
    public record Sampled(Path file, SampledFrames sampling, int width, int height) {
        public Sampled {
            if (width < 1 || height < 1) {
                throw new IllegalArgumentException("sampling at " + width + "x" + height);
            }
        }

        /** A run of {@code frames} from the video's frame {@code start}, one in every {@code every} taken. */
        public Sampled(Path file, int every, int width, int height, long start, long frames) {
            this(file, new SampledFrames(every, start, frames), width, height);
        }

        /** The whole of a single pass. */
        public Sampled(Path file, int every, int width, int height) {
            this(file, every, width, height, 0, 0);
        }

        /** The graph's extra branch, its input left off. */
        public String branch() {
            return "select='" + sampling().select() + "',scale=" + width + ":" + height + ",format=yuv420p[ref]";
        }

        /** Its output; a chunk's ends after its last sample, so the run ends with its last frame. */
        public List<String> output() {
            List<String> args = new ArrayList<>(List.of("-map", "[ref]", "-fps_mode", "passthrough", "-an"));
            if (sampling.frames() > 0) {
                args.addAll(List.of("-frames:v", Long.toString(sampling.taken())));
            }
            args.addAll(List.of("-c:v", "rawvideo", "-f", "nut", file.toString()));
            return List.copyOf(args);
        }
    }

    /**
     * One run that scores every rung against the reference frames. With libvmaf: VMAF with PSNR and
     * SSIM in the same pass on the frames {@link SampledFrames#scored} counts, a JSON log per rung
     * ({@link VmafLog}); without it: the psnr and ssim filters' stats files ({@link StatsLog}), both
     * frames taken (they cost little).
     *
     * @param reference the frames the encode run wrote, and which of the run's they are
     * @param logs where each rung's log goes, in ladder order (".json" with VMAF, else the stem of
     *     ".psnr" and ".ssim")
     */
    public static List<String> measure(String ffmpeg, Sampled reference, List<Path> rungs, List<Path> logs,
                                       boolean vmaf, int threads) {
        if (rungs.isEmpty() || rungs.size() != logs.size()) {
            throw new IllegalArgumentException("one log per rung, and at least one rung");
        }
        List<String> args = new ArrayList<>(List.of(ffmpeg, "-nostdin", "-hide_banner", "-nostats", "-y",
                "-loglevel", "error", "-filter_complex_threads", Integer.toString(threads),
                "-threads", Integer.toString(threads), "-i", reference.file().toString()));
        SampledFrames sampling = reference.sampling();
        String select = sampling.select();
        int n = rungs.size();
        StringBuilder graph = new StringBuilder("[0:v]").append(RENUMBER).append(",split=").append(n);
        for (int i = 0; i < n; i++) {
            args.addAll(List.of("-threads", Integer.toString(threads), "-i", rungs.get(i).toString()));
            graph.append("[r").append(i).append(']');
        }
        for (int i = 0; i < n; i++) {
            String log = plain(logs.get(i));
            graph.append(";[").append(i + 1).append(":v]select='").append(select).append("',").append(RENUMBER).append(",scale=")
                    .append(reference.width()).append(':').append(reference.height()).append(":flags=bicubic,format=yuv420p[d").append(i)
                    .append(']');
            if (vmaf) {
                graph.append(";[d").append(i).append("][r").append(i).append("]libvmaf=shortest=1:").append(sampling.everyFrame() ? "" : "n_subsample=3:")
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
