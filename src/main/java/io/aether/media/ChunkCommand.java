package io.aether.media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The ffmpeg runs of a chunked transcode: one per chunk for every video rung of its time range,
 * with the single pass's split/scale and x264 settings, and one for the audio of the whole source.
 * Like {@link FfmpegCommand}, argument lists for ProcessBuilder, never a shell.
 */
public final class ChunkCommand {
    private static final int AUDIO_KBPS = 128;
    /**
     * Where the video's timeline starts. Not 0: a chunk starting at 0 would have its B-frames'
     * decode times below zero, and ffmpeg would shift that chunk alone by a frame, so its last frame
     * and the next chunk's first would share a timestamp. The audio run starts here too.
     */
    static final double TIMELINE_START = 10.0;

    private ChunkCommand() {
    }

    /** A chunk of a video whose picture lasts as long as its sound. */
    public static List<String> video(String ffmpeg, String input, Path outputDir, Path progressFile,
                                     ChunkPlan.Chunk chunk, List<Rendition> ladder, int segmentSeconds,
                                     String preset, int threads, QualityCommand.Sampled reference) {
        ChunkPlan whole = new ChunkPlan(chunk.fps(), segmentSeconds, chunk.startFrame() + chunk.frames(),
                List.of(chunk), 0);
        return video(ffmpeg, input, outputDir, progressFile, whole, chunk, ladder, segmentSeconds, preset, threads,
                reference);
    }

    /**
     * Seeks fast (-ss before -i, frame-exact since ffmpeg decodes up to the point), encodes exactly
     * the chunk's frames at the plan's constant rate, continues the whole video's timeline and its
     * segment numbers. The input may be a URL: ffmpeg reads only the ranges it needs. It uses the
     * threads {@link PartSlots#threadsBeside} chose. Past the picture's end it holds its last frame.
     */
    public static List<String> video(String ffmpeg, String input, Path outputDir, Path progressFile,
                                     ChunkPlan cut, ChunkPlan.Chunk chunk, List<Rendition> ladder, int segmentSeconds,
                                     String preset, int threads, QualityCommand.Sampled reference) {
        String start = seconds(HeldFrame.seek(cut, chunk));
        List<String> args = new ArrayList<>(List.of(ffmpeg,
                "-nostdin", "-hide_banner", "-nostats", "-y", "-loglevel", "error",
                "-progress", progressFile.toString()));
        args.addAll(PartSlots.globalOptions(threads));
        args.addAll(PartSlots.inputOptions(threads));
        args.addAll(List.of("-ss", start));
        args.addAll(FfmpegCommand.input(input));
        args.addAll(List.of("-filter_complex", FfmpegCommand.filterGraph(ladder, HeldFrame.chunkFilter(cut, chunk),
                        reference == null ? "" : reference.branch())));
        StringJoiner streamMap = new StringJoiner(" ");
        for (int i = 0; i < ladder.size(); i++) {
            args.addAll(FfmpegCommand.videoRung(i, ladder.get(i)));
            streamMap.add("v:" + i + ",name:" + ladder.get(i).name());
        }
        args.addAll(List.of("-frames:v", Long.toString(chunk.frames()), "-an"));
        args.addAll(FfmpegCommand.x264(preset, chunk.fps()));
        args.addAll(PartSlots.outputOptions(threads));
        // after -i: shifts the output, so the chunk's first frame lands at its place in the video
        args.addAll(List.of("-output_ts_offset", seconds(TIMELINE_START + chunk.startSeconds())));
        args.addAll(FfmpegCommand.hls(segmentSeconds, outputDir, chunk.firstSegment()));
        args.addAll(List.of("-var_stream_map", streamMap.toString(), outputDir.resolve("%v.m3u8").toString()));
        if (reference != null) {
            args.addAll(reference.output());
        }
        return List.copyOf(args);
    }

    /**
     * The audio of the whole source, once, as AAC stereo segments. The playlist is rewritten after
     * every segment (EVENT), so segments can be stored while the run goes on.
     */
    public static List<String> audio(String ffmpeg, String input, Path outputDir, Path progressFile,
                                     int segmentSeconds) {
        List<String> args = new ArrayList<>(List.of(ffmpeg,
                "-nostdin", "-hide_banner", "-nostats", "-y", "-loglevel", "error",
                "-progress", progressFile.toString()));
        args.addAll(FfmpegCommand.input(input));
        args.addAll(List.of("-map", "0:a:0", "-vn", "-c:a", "aac", "-b:a", AUDIO_KBPS + "k", "-ac", "2",
                "-output_ts_offset", seconds(TIMELINE_START),
                "-f", "hls",
                "-hls_time", Integer.toString(segmentSeconds),
                "-hls_playlist_type", "event",
                "-hls_segment_type", "mpegts",
                "-hls_segment_filename", outputDir.resolve("audio_%05d.ts").toString(),
                outputDir.resolve("audio.m3u8").toString()));
        return List.copyOf(args);
    }

    public static int audioKbps() {
        return AUDIO_KBPS;
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }
}
