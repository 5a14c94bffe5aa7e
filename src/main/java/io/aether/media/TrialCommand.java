package io.aether.media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ffmpeg runs (the build with libvmaf) of a per-title analysis: short samples spread over the
 * source, decoded once, each candidate rung encoded at every trial CRF, each trial decoded again in
 * its run (a loopback decoder, {@code -dec}) and scored with VMAF against the source at its
 * display size. Trial i (rung i / crfs, CRF i % crfs) writes {@code trial-i.h264} and {@code vmaf-i.json}.
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

    /**
     * The runs, one after another: the first decodes the samples once and writes them raw
     * ({@link #SAMPLES}); then one per trial CRF encodes every rung from them, decodes each trial back
     * and scores it. One run of all the trials held 2.0-2.1 GB at 1080p (nine x264 instances, about
     * 0.85 GB, and nine libvmaf, about 0.87 GB, all alive to the end); a run of three holds 0.7 GB, and
     * the trials' bytes and scores are the same (docs/ladder.md, "Memory").
     *
     * @param input the source's address, asked once per sample (a presigned URL may be good for one use)
     */
    public static List<List<String>> build(String ffmpeg, java.util.function.Supplier<String> input, Path dir,
                                           ProbeResult probe, List<Rendition> rungs, Sampling s) {
        if (rungs.isEmpty()) {
            throw new IllegalArgumentException("no rung to try");
        }
        int fps = ChunkPlan.outputFps(probe.frameRate());
        long perSample = Math.max(1, Math.round(s.sampleSeconds() * fps));
        List<Double> starts = starts(probe.durationSeconds(), s);
        String display = probe.displayWidth() + ":" + probe.displayHeight();

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
        graph.append(concat).append("concat=n=").append(starts.size()).append(":v=1:a=0,scale=").append(display)
                .append(",setsar=1,format=yuv420p[ref]");
        args.addAll(List.of("-filter_complex", graph.toString(), "-map", "[ref]", "-c:v", "rawvideo",
                "-f", "nut", dir.resolve(SAMPLES).toString()));
        List<List<String>> runs = new ArrayList<>(List.of(List.copyOf(args)));
        for (int c = 0; c < s.crfs().size(); c++) {
            runs.add(trials(ffmpeg, dir, rungs, s, c, fps, perSample, display));
        }
        return List.copyOf(runs);
    }

    /** The run of every rung at the c-th trial CRF: trial i = rung * crfs + c, as LadderTrials reads them. */
    private static List<String> trials(String ffmpeg, Path dir, List<Rendition> rungs, Sampling s, int c, int fps,
                                       long perSample, String display) {
        List<String> args = start(ffmpeg);
        args.addAll(List.of("-i", dir.resolve(SAMPLES).toString()));
        StringBuilder graph = new StringBuilder("[0:v:0]split=").append(2 * rungs.size());
        for (int r = 0; r < rungs.size(); r++) {
            graph.append("[s").append(r).append("][r").append(r).append(']');
        }
        String gop = Integer.toString(FfmpegCommand.GOP_SECONDS * fps);
        StringBuilder scores = new StringBuilder();
        for (int r = 0; r < rungs.size(); r++) {
            Rendition rung = rungs.get(r);
            int t = r * s.crfs().size() + c;
            graph.append(";[s").append(r).append("]scale=").append(rung.width()).append(':').append(rung.height())
                    .append(",setsar=1[e").append(r).append(']');
            // the real encode's x264 settings, at a CRF and without a cap: the curve the cap is then read on
            // one thread each: the trials run side by side, so threads within each only add overhead
            args.addAll(List.of("-map", "[e" + r + "]", "-an", "-c:v", "libx264", "-threads", "1",
                    "-crf", FfmpegCommand.crf(s.crfs().get(c)),
                    "-preset", s.preset(), "-profile:v", "high", "-pix_fmt", "yuv420p", "-g", gop,
                    "-keyint_min", gop, "-sc_threshold", "0",
                    // each sample opens with a keyframe, as a GOP of the real encode does, not with a cut
                    // coded as a P-frame; kbps() then weighs keyframes as often as the real GOP has them
                    "-force_key_frames", "expr:eq(mod(n," + perSample + "),0)", "-f", "h264", dir.resolve("trial-" + t + ".h264").toString()));
            // the trial as a viewer sees it: scaled back up to the display size (bicubic), against the source
            scores.append(r == 0 ? "" : ";").append("[dec:").append(r).append("]scale=").append(display)
                    .append(":flags=bicubic,setsar=1,format=yuv420p[d").append(r).append("];[d").append(r)
                    .append("][r").append(r).append("]libvmaf=n_subsample=").append(s.vmafEvery())
                    .append(":n_threads=1:log_fmt=json:log_path=").append(quoted(dir.resolve("vmaf-" + t + ".json")))
                    .append("[q").append(r).append(']');
        }
        for (int r = 0; r < rungs.size(); r++) {
            args.addAll(List.of("-dec", r + ":0"));
        }
        args.addAll(List.of("-filter_complex", graph.toString(), "-filter_complex", scores.toString()));
        for (int r = 0; r < rungs.size(); r++) {
            args.addAll(List.of("-map", "[q" + r + "]"));
        }
        args.addAll(List.of("-f", "null", "-"));
        return List.copyOf(args);
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
