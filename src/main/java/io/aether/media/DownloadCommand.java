package io.aether.media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A download made from the HLS segments already encoded, without re-encoding: the rung's video
 * segments and the audio segments are each read as one continuous MPEG-TS stream (the concat
 * protocol joins their bytes, so timestamps run on across segments), copied into MP4 with the index
 * ({@code moov}) first so a browser can play it while it downloads. Audio alone becomes an M4A.
 */
public final class DownloadCommand {
    private DownloadCommand() {
    }

    /**
     * @param video the rung's segments in order; empty for an audio-only download
     * @param audio the audio segments in order; empty for a video without sound
     */
    public static List<String> mp4(String ffmpeg, List<Path> video, List<Path> audio, Path output) {
        if (video.isEmpty() && audio.isEmpty()) {
            throw new IllegalArgumentException("a download needs video or audio segments");
        }
        List<String> args = new ArrayList<>(List.of(ffmpeg, "-nostdin", "-hide_banner", "-nostats", "-y",
                "-loglevel", "error",
                // both inputs keep the timeline they were cut on; the muxer then moves the earliest to 0,
                // so audio and video stay as far apart as they were encoded
                "-copyts"));
        int input = 0;
        List<String> maps = new ArrayList<>();
        if (!video.isEmpty()) {
            args.addAll(List.of("-i", concat(video)));
            maps.addAll(List.of("-map", input++ + ":v:0"));
        }
        if (!audio.isEmpty()) {
            args.addAll(List.of("-i", concat(audio)));
            maps.addAll(List.of("-map", input + ":a:0"));
        }
        args.addAll(maps);
        args.addAll(List.of("-c", "copy", "-avoid_negative_ts", "make_zero", "-movflags", "+faststart"));
        if (!audio.isEmpty()) {
            // ADTS headers of the TS audio become the MP4's AudioSpecificConfig
            args.addAll(List.of("-bsf:a", "aac_adtstoasc"));
        }
        args.addAll(List.of("-f", video.isEmpty() ? "ipod" : "mp4", output.toString()));
        return List.copyOf(args);
    }

    private static String concat(List<Path> segments) {
        StringBuilder url = new StringBuilder("concat:");
        for (int i = 0; i < segments.size(); i++) {
            String name = segments.get(i).toString();
            if (name.contains("|")) {
                throw new IllegalArgumentException("a segment path may not contain |: " + name);
            }
            url.append(i == 0 ? "" : "|").append(name);
        }
        return url.toString();
    }
}
