package io.aether.media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Builds the argument list for one ffmpeg run that encodes a whole HLS ladder. Decoding once and
 * splitting is much cheaper than one run per rendition, and it keeps keyframes aligned.
 * The result is meant for ProcessBuilder, never a shell, so paths need no quoting.
 */
public final class FfmpegCommand {

    // Every rendition gets a keyframe every GOP_SECONDS so players can switch at segment edges.
    static final int GOP_SECONDS = 2;
    /** Retries of a dropped input wait 1, 2, 4 s, then the run fails: a store down that long is an outage. */
    static final int RECONNECT_DELAY_MAX_S = 4;

    private FfmpegCommand() {
    }

    public static List<String> build(String ffmpegBinary, Path input, Path outputDir, Path progressFile,
                                     ProbeResult probe, List<Rendition> ladder, int segmentSeconds,
                                     String preset) {
        return build(ffmpegBinary, input, outputDir, progressFile, probe, ladder, segmentSeconds, preset, null);
    }

    /** @param reference the sampled frames to write for the measure run (QualityCommand), or null */
    public static List<String> build(String ffmpegBinary, Path input, Path outputDir, Path progressFile,
                                     ProbeResult probe, List<Rendition> ladder, int segmentSeconds,
                                     String preset, QualityCommand.Sampled reference) {
        Objects.requireNonNull(ffmpegBinary, "ffmpegBinary");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(progressFile, "progressFile");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(preset, "preset");
        if (ladder == null || ladder.isEmpty()) {
            throw new IllegalArgumentException("ladder must not be empty");
        }
        if (segmentSeconds < 1) {
            throw new IllegalArgumentException("segmentSeconds must be >= 1, got " + segmentSeconds);
        }

        boolean audio = probe.hasAudio();
        int fps = ChunkPlan.outputFps(probe.frameRate());

        List<String> args = new ArrayList<>(List.of(ffmpegBinary,
                "-nostdin", "-hide_banner", "-nostats", "-y", "-loglevel", "error",
                "-progress", progressFile.toString(),
                "-i", input.toString(),
                // the chunks' constant rate: the reference frames then line up with the rungs' frame for frame;
                // a picture that ends before the sound is held to its end, as the chunks hold it
                "-filter_complex", filterGraph(ladder, HeldFrame.singlePass(probe),
                        reference == null ? "" : reference.branch())));

        StringJoiner streamMap = new StringJoiner(" ");
        for (int i = 0; i < ladder.size(); i++) {
            Rendition r = ladder.get(i);
            args.addAll(videoRung(i, r));
            if (audio) {
                // Each variant carries its own audio copy: the simplest layout every player accepts.
                args.addAll(List.of("-map", "0:a:0",
                        "-c:a:" + i, "aac",
                        "-b:a:" + i, r.audioKbps() + "k",
                        "-ac:a:" + i, "2"));
            }
            streamMap.add("v:" + i + (audio ? ",a:" + i : "") + ",name:" + r.name());
        }
        args.addAll(x264(preset, fps));
        args.addAll(hls(segmentSeconds, outputDir, 0));
        args.addAll(List.of(
                "-master_pl_name", "master.m3u8",
                "-var_stream_map", streamMap.toString(),
                outputDir.resolve("%v.m3u8").toString()));
        if (reference != null) {
            args.addAll(reference.output());
        }
        return List.copyOf(args);
    }

    /**
     * One rung's video: the same in the single pass and in every chunk. Capped CRF has no -b:v: the
     * quality is constant and the VBV (maxrate/bufsize) only holds down the peaks.
     */
    /**
     * {@code -i input}, and for a URL the options that make ffmpeg resume where a dropped connection left
     * off (a ranged GET from the byte it had reached). Without them an input that ends early reads as the
     * end of the source: the run exits 0 with part of its frames and the part would be stored short.
     */
    public static List<String> input(String input) {
        if (!input.startsWith("http://") && !input.startsWith("https://")) {
            return List.of("-i", input);
        }
        return List.of("-reconnect", "1", "-reconnect_on_network_error", "1",
                "-reconnect_delay_max", Integer.toString(RECONNECT_DELAY_MAX_S), "-i", input);
    }

    static List<String> videoRung(int i, Rendition r) {
        Encoding e = r.encoding();
        String rate = e != null && e.constantQuality() ? "-crf:v:" + i : "-b:v:" + i;
        String value = e != null && e.constantQuality() ? crf(e.crf()) : r.videoKbps() + "k";
        return List.of("-map", "[v" + i + "]",
                "-c:v:" + i, "libx264",
                rate, value,
                "-maxrate:v:" + i, r.maxrateKbps() + "k",
                "-bufsize:v:" + i, r.bufsizeKbps() + "k");
    }

    static String crf(double crf) {
        return String.format(java.util.Locale.ROOT, "%.1f", crf);
    }

    /** x264 settings shared by the single pass and the chunks, so their segments are alike. */
    static List<String> x264(String preset, int fps) {
        String gop = Integer.toString(GOP_SECONDS * fps);
        return List.of(
                "-preset", preset,
                "-profile:v", "high",
                "-pix_fmt", "yuv420p",
                "-g", gop,
                "-keyint_min", gop,
                // Scene-cut keyframes would differ per rendition and break alignment.
                "-sc_threshold", "0",
                // Time-based, so non-integer rates (29.97) still cut on the segment grid.
                "-force_key_frames", "expr:gte(t,n_forced*" + GOP_SECONDS + ")");
    }

    /** HLS output with segments numbered from firstSegment, named {rung}_{number}.ts. */
    static List<String> hls(int segmentSeconds, Path outputDir, int firstSegment) {
        return List.of(
                "-f", "hls",
                "-hls_time", Integer.toString(segmentSeconds),
                "-hls_playlist_type", "vod",
                "-hls_flags", "independent_segments",
                "-hls_segment_type", "mpegts",
                "-start_number", Integer.toString(firstSegment),
                "-hls_segment_filename", outputDir.resolve("%v_%05d.ts").toString());
    }

    static String filterGraph(List<Rendition> ladder) {
        return filterGraph(ladder, "", "");
    }

    /**
     * split and scale, after an optional first filter (the constant frame rate), with an optional
     * extra branch fed the same frames (the reference frames of QualityCommand, its input left off).
     */
    static String filterGraph(List<Rendition> ladder, String first, String extra) {
        int n = ladder.size();
        int branches = n + (extra.isEmpty() ? 0 : 1);
        StringBuilder sb = new StringBuilder("[0:v]").append(first.isEmpty() ? "" : first + ",");
        if (branches == 1) {
            return sb.append(scale(ladder.get(0), 0)).toString();
        }
        sb.append("split=").append(branches);
        for (int i = 0; i < branches; i++) {
            sb.append("[s").append(i).append(']');
        }
        for (int i = 0; i < n; i++) {
            sb.append(";[s").append(i).append(']').append(scale(ladder.get(i), i));
        }
        if (!extra.isEmpty()) {
            sb.append(";[s").append(n).append(']').append(extra);
        }
        return sb.toString();
    }

    // setsar=1 so players don't stretch the output when the source had non-square pixels.
    private static String scale(Rendition r, int i) {
        return "scale=" + r.width() + ":" + r.height() + ",setsar=1[v" + i + "]";
    }
}
