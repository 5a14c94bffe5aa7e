package io.aether.media;

import java.util.ArrayList;
import java.util.List;

/**
 * How one source is cut into chunks on the segment grid, so that workers can encode them side by
 * side. Every boundary is a multiple of the segment length, every chunk a whole number of
 * segments, and the first chunk a single segment so the video is playable soon. Frames are counted
 * at one constant output rate, so each chunk has an exact frame count and the chunks meet with no
 * gap and no overlap.
 */
public record ChunkPlan(int fps, int segmentSeconds, long totalFrames, List<Chunk> chunks) {

    /** One chunk: its segments are numbered {@code firstSegment ..} across the whole video. */
    public record Chunk(int index, int firstSegment, int segments, long startFrame, long frames, int fps) {
        public double startSeconds() {
            return startFrame / (double) fps;
        }

        public double endSeconds() {
            return (startFrame + frames) / (double) fps;
        }

        public double seconds() {
            return frames / (double) fps;
        }
    }

    /**
     * @param thresholdSeconds sources up to this long keep the single pass; 0 means two chunks' worth
     * @return the plan, or an empty list of chunks when the source is short enough for one pass
     */
    public static ChunkPlan plan(double durationSeconds, double frameRate, int segmentSeconds, int segmentsPerChunk,
                                 double thresholdSeconds) {
        if (segmentSeconds < 1 || segmentsPerChunk < 1) {
            throw new IllegalArgumentException("segments and chunks must be at least 1 long");
        }
        int fps = outputFps(frameRate);
        long totalFrames = Math.round(durationSeconds * fps);
        double threshold = thresholdSeconds > 0 ? thresholdSeconds : 2.0 * segmentsPerChunk * segmentSeconds;
        List<Chunk> chunks = new ArrayList<>();
        if (durationSeconds <= threshold || totalFrames <= 0) {
            return new ChunkPlan(fps, segmentSeconds, totalFrames, chunks);
        }
        long framesPerSegment = (long) segmentSeconds * fps;
        long totalSegments = (totalFrames + framesPerSegment - 1) / framesPerSegment;
        int segment = 0;
        while (segment < totalSegments) {
            int segments = chunks.isEmpty() ? 1 : (int) Math.min(segmentsPerChunk, totalSegments - segment);
            long start = segment * framesPerSegment;
            long frames = Math.min(segments * framesPerSegment, totalFrames - start);
            chunks.add(new Chunk(chunks.size(), segment, segments, start, frames, fps));
            segment += segments;
        }
        return new ChunkPlan(fps, segmentSeconds, totalFrames, List.copyOf(chunks));
    }

    /** The constant rate every chunk is encoded at: the source's, rounded as the single pass does. */
    public static int outputFps(double frameRate) {
        return (int) Math.max(1, Math.round(frameRate));
    }

    public boolean chunked() {
        return !chunks.isEmpty();
    }

    public double seconds() {
        return totalFrames / (double) fps;
    }
}
