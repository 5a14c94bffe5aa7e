package io.aether.bench;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference of the transcode benchmarks: a bare ffmpeg ladder written by hand after the
 * example in ffmpeg's HLS documentation (split/scale, var_stream_map, master playlist), at the
 * bitrates and preset a user would pick for 1080p/720p/480p. It shares no code with the worker.
 */
final class BareLadder {
    private BareLadder() {
    }

    /** A three-rung ladder as ffmpeg's documentation shows it, with stdin closed as in any script. */
    static double seconds(Path clip, Path out, String preset) throws Exception {
        List<String> command = List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", clip.toString(),
                "-filter_complex",
                "[0:v]split=3[a][b][c];[a]scale=w=1920:h=1080[v1080];[b]scale=w=1280:h=720[v720];"
                        + "[c]scale=w=854:h=480[v480]",
                "-map", "[v1080]", "-c:v:0", "libx264", "-b:v:0", "5000k", "-maxrate:v:0", "5350k",
                "-bufsize:v:0", "7500k",
                "-map", "[v720]", "-c:v:1", "libx264", "-b:v:1", "2800k", "-maxrate:v:1", "2996k",
                "-bufsize:v:1", "4200k",
                "-map", "[v480]", "-c:v:2", "libx264", "-b:v:2", "1400k", "-maxrate:v:2", "1498k",
                "-bufsize:v:2", "2100k",
                "-map", "a:0", "-map", "a:0", "-map", "a:0", "-c:a", "aac", "-b:a", "128k", "-ac", "2",
                "-preset", preset, "-g", "60", "-keyint_min", "60", "-sc_threshold", "0",
                "-f", "hls", "-hls_time", "10", "-hls_playlist_type", "vod", "-hls_flags", "independent_segments",
                "-hls_segment_type", "mpegts", "-hls_segment_filename", out.resolve("stream_%v_%03d.ts").toString(),
                "-master_pl_name", "master.m3u8", "-var_stream_map", "v:0,a:0 v:1,a:1 v:2,a:2",
                out.resolve("stream_%v.m3u8").toString());
        long start = System.nanoTime();
        Process ffmpeg = new ProcessBuilder(command).redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!ffmpeg.waitFor(30, TimeUnit.MINUTES) || ffmpeg.exitValue() != 0) {
            throw new IllegalStateException("the bare ffmpeg ladder failed");
        }
        return seconds(start);
    }


    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
