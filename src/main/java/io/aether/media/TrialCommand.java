package io.aether.media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ffmpeg runs (the build with libvmaf) of a per-title analysis: short samples spread over the
 * source, decoded once, each candidate rung encoded at the trial CRFs it is asked at (which, the
 * worker decides run by run: worker/ladder/TrialPlan), each trial decoded again in its run (a loopback
 * decoder, {@code -dec}) and scored with VMAF against the source at its display size; each writes
 * {@link #encoded} and {@link #scored}.
 * Argument lists for ProcessBuilder, never a shell.
 */
public final class TrialCommand {

    /** What to sample and how. {@code vmafEvery}: score every Nth frame of the samples. */
    public record Sampling(int samples, double sampleSeconds, int vmafEvery, List<Double> crfs, String preset) {
        public Sampling {
            if (samples < 1 || sampleSeconds <= 0 || vmafEvery < 1 || crfs.size() < 2) {
                throw new IllegalArgumentException("need samples >= 1, sampleSeconds > 0, vmafEvery >= 1, two CRFs");
            }
            crfs = List.copyOf(crfs);
        }
    }

    private TrialCommand() {
    }

    /**
     * Where the samples start: the middles of equal stretches of the source, so they see its beginning,
     * middle and end. A source too short for them all gets fewer, one at 0 when shorter than one sample.
     */
    public static List<Double> starts(double duration, Sampling s) {
        int n = (int) Math.max(1, Math.min(s.samples(), Math.floor(duration / s.sampleSeconds())));
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double middle = duration * (i + 0.5) / n;
            out.add(Math.max(0, Math.min(middle - s.sampleSeconds() / 2, duration - s.sampleSeconds())));
        }
        return out;
    }

    /** The frames the trials encode: each sample's, fewer when the source is shorter than one. */
    public static long frames(double duration, Sampling s, int fps) {
        long perSample = Math.max(1, Math.round(s.sampleSeconds() * fps));
        List<Double> starts = starts(duration, s);
        return starts.size() == 1 ? Math.max(1, Math.min(perSample, (long) Math.floor(duration * fps)))
                : starts.size() * perSample;
    }

    /** The samples as the trials read them: raw frames at the display size, written by the first run. */
    public static final String SAMPLES = "samples.nut";

    /** Where a rung's trial at a CRF writes its encode (H.264, for {@link #kbps}). */
    public static Path encoded(Path dir, int rung, double crf) {
        return dir.resolve("trial-" + rung + "-" + FfmpegCommand.crf(crf) + ".h264");
    }

    /** Where a rung's trial at a CRF writes its VMAF log. */
    public static Path scored(Path dir, int rung, double crf) {
        return dir.resolve("vmaf-" + rung + "-" + FfmpegCommand.crf(crf) + ".json");
    }

    /**
     * The first run: decodes the samples once, writes them raw ({@link #SAMPLES}) for the runs after
     * it, and tries each rung at its CRF from the same frames. One run per set of CRFs, one after
     * another: one run of all nine trials held 2.0-2.1 GB at 1080p (nine x264 instances, about 0.85 GB,
     * and nine libvmaf, about 0.87 GB, all alive to the end); a run of three holds 0.7 GB, and the
     * trials' bytes and scores are the same (docs/ladder.md, "Memory").
     *
     * @param input the source's address, asked once per sample (a presigned URL may be good for one use)
     * @param crfs the run's trials: rung (its index in {@code rungs}) to CRF
     */
    public static List<String> first(String ffmpeg, java.util.function.Supplier<String> input, Path dir,
                                     ProbeResult probe, List<Rendition> rungs, Sampling s, Map<Integer, Double> crfs) {
        int fps = ChunkPlan.outputFps(probe.frameRate());
        long perSample = Math.max(1, Math.round(s.sampleSeconds() * fps));
        // within the picture: past its end a sample would read no frames (or, held, only its last)
        List<Double> starts = starts(probe.pictureSeconds(), s);
        List<String> args = start(ffmpeg);
        StringBuilder graph = new StringBuilder();
        StringBuilder concat = new StringBuilder();
        for (int i = 0; i < starts.size(); i++) {
            if (probe.headerComplete()) {
                // ffmpeg opens its inputs one after another, each by decoding its first frames to learn
                // what the header already says: 0.2-0.6 s each on a busy machine before any trial starts
                args.add("-nofind_stream_info");
            }
            // from the keyframe before the start: no frame decoded only to be thrown away
            args.addAll(List.of("-noaccurate_seek", "-ss", seconds(starts.get(i))));
            args.addAll(FfmpegCommand.input(input.get()));
            graph.append("[").append(i).append(":v:0]fps=").append(fps).append(",trim=end_frame=").append(perSample)
                    .append(",setpts=PTS-STARTPTS[p").append(i).append("];");
            concat.append("[p").append(i).append(']');
        }
        graph.append(concat).append("concat=n=").append(starts.size()).append(":v=1:a=0,scale=")
                .append(display(probe)).append(",setsar=1,format=yuv420p,split[kept][samples];");
        trials(args, graph, "[samples]", dir, probe, rungs, s, crfs);
        args.addAll(List.of("-map", "[kept]", "-c:v", "rawvideo", "-f", "nut", dir.resolve(SAMPLES).toString()));
        return List.copyOf(args);
    }

    /** A later run: each rung asked at its CRF, from the samples the first run wrote. */
    public static List<String> next(String ffmpeg, Path dir, ProbeResult probe, List<Rendition> rungs, Sampling s,
                                    Map<Integer, Double> crfs) {
        List<String> args = start(ffmpeg);
        args.addAll(List.of("-i", dir.resolve(SAMPLES).toString()));
        trials(args, new StringBuilder(), "[0:v:0]", dir, probe, rungs, s, crfs);
        return List.copyOf(args);
    }

    /**
     * The trials of a run, from the samples at {@code samples} in the graph: each rung scaled and
     * encoded at its CRF, decoded back in the run (a loopback decoder, {@code -dec}) and scored.
     * The encodes are the run's first outputs, as {@code -dec} numbers them.
     */
    private static void trials(List<String> args, StringBuilder graph, String samples, Path dir, ProbeResult probe,
                               List<Rendition> rungs, Sampling s, Map<Integer, Double> crfs) {
        if (crfs.isEmpty()) {
            throw new IllegalArgumentException("no rung to try");
        }
        int fps = ChunkPlan.outputFps(probe.frameRate());
        long perSample = Math.max(1, Math.round(s.sampleSeconds() * fps));
        String display = display(probe);
        String gop = Integer.toString(FfmpegCommand.GOP_SECONDS * fps);
        List<Integer> tried = crfs.keySet().stream().sorted().toList();
        graph.append(samples).append("split=").append(2 * tried.size());
        for (int r = 0; r < tried.size(); r++) {
            graph.append("[s").append(r).append("][r").append(r).append(']');
        }
        StringBuilder scores = new StringBuilder();
        for (int r = 0; r < tried.size(); r++) {
            int index = tried.get(r);
            Rendition rung = rungs.get(index);
            double crf = crfs.get(index);
            graph.append(";[s").append(r).append("]scale=").append(rung.width()).append(':').append(rung.height())
                    .append(",setsar=1[e").append(r).append(']');
            // the real encode's x264 settings, at a CRF and without a cap: the curve the cap is then read on
            // one thread each: the trials run side by side, so threads within each only add overhead
            args.addAll(List.of("-map", "[e" + r + "]", "-an", "-c:v", "libx264", "-threads", "1",
                    "-crf", FfmpegCommand.crf(crf),
                    "-preset", s.preset(), "-profile:v", "high", "-pix_fmt", "yuv420p", "-g", gop,
                    "-keyint_min", gop, "-sc_threshold", "0",
                    // each sample opens with a keyframe, as a GOP of the real encode does, not with a cut
                    // coded as a P-frame; kbps() then weighs keyframes as often as the real GOP has them
                    "-force_key_frames", "expr:eq(mod(n," + perSample + "),0)", "-f", "h264",
                    encoded(dir, index, crf).toString()));
            // the trial as a viewer sees it: scaled back up to the display size (bicubic), against the source
            scores.append(r == 0 ? "" : ";").append("[dec:").append(r).append("]scale=").append(display)
                    .append(":flags=bicubic,setsar=1,format=yuv420p[d").append(r).append("];[d").append(r)
                    .append("][r").append(r).append("]libvmaf=n_subsample=").append(s.vmafEvery())
                    .append(":n_threads=1:log_fmt=json:log_path=").append(quoted(scored(dir, index, crf)))
                    .append("[q").append(r).append(']');
        }
        for (int r = 0; r < tried.size(); r++) {
            args.addAll(List.of("-dec", r + ":0"));
        }
        args.addAll(List.of("-filter_complex", graph.toString(), "-filter_complex", scores.toString()));
        for (int r = 0; r < tried.size(); r++) {
            args.addAll(List.of("-map", "[q" + r + "]"));
        }
        args.addAll(List.of("-f", "null", "-"));
    }

    private static String display(ProbeResult probe) {
        return probe.displayWidth() + ":" + probe.displayHeight();
    }

    private static List<String> start(String ffmpeg) {
        return new ArrayList<>(List.of(ffmpeg, "-nostdin", "-hide_banner", "-nostats", "-y", "-loglevel", "error"));
    }

    /**
     * The bitrate a real encode would have, from a trial's H.264 stream: keyframes (IDR, with their
     * parameter sets) and other frames averaged apart, then weighed as the real GOP has them, one
     * keyframe per GOP. The trial has one per sample, so its plain size overstates the
     * bits, most where keyframes are most of them (still or scrolling content).
     */
    public static double kbps(byte[] h264, int fps) {
        int gopFrames = FfmpegCommand.GOP_SECONDS * fps;
        long keyBytes = 0;
        long otherBytes = 0;
        int keys = 0;
        int others = 0;
        int start = nextNal(h264, 0);
        while (start >= 0) {
            int next = nextNal(h264, start);
            int end = next < 0 ? h264.length : next - 3;
            while (end > start && h264[end - 1] == 0) {
                end--; // zero bytes before a start code are padding, not the unit (a NAL ends in a 1 bit)
            }
            int type = h264[start] & 0x1F;
            if (type == 1) {
                otherBytes += end - start;
                others++;
            } else {
                // IDR slices and what comes with them (SPS, PPS, SEI)
                keyBytes += end - start;
                keys += type == 5 ? 1 : 0;
            }
            start = next;
        }
        if (keys == 0) {
            throw new IllegalArgumentException("a trial stream without a keyframe");
        }
        double perFrame = others == 0 ? (double) keyBytes / keys
                : (double) keyBytes / keys / gopFrames + (double) otherBytes / others * (gopFrames - 1) / gopFrames;
        return perFrame * 8 * fps / 1000;
    }

    /** The index just past the next start code (00 00 01) from {@code from}, or -1. */
    private static int nextNal(byte[] b, int from) {
        for (int i = from; i + 2 < b.length; i++) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                return i + 3;
            }
        }
        return -1;
    }

    /** A path inside a filter's options: quoted, so ':' and ',' stay part of it. */
    static String quoted(Path path) {
        String p = path.toString();
        if (p.contains("'")) {
            throw new IllegalArgumentException("a work directory with a quote in its path: " + p);
        }
        return "'" + p + "'";
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
