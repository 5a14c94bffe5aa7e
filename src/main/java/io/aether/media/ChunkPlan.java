package io.aether.media;

import java.util.ArrayList;
import java.util.List;

/**
 * How one source is cut into chunks on the segment grid, so that workers can encode them side by
 * side (or, while other jobs keep them busy, into as few as the chunk length allows). The first
 * chunk is a single segment, which may be shorter than the rest, so the video is playable soon;
 * from its end on every boundary is on the segment grid and every chunk a whole number of segments
 * (at most the configured number). Frames are counted at one constant output rate, so each chunk
 * has an exact frame count and the chunks meet with no gap and no overlap. The frames are counted
 * over the container's duration, the sound's too: where the picture ends sooner ({@code pictureFrames}),
 * the chunks after its end hold its last frame ({@link HeldFrame}).
 */
public record ChunkPlan(int fps, int segmentSeconds, long totalFrames, List<Chunk> chunks, long pictureFrames) {
    /** The fewest chunks a chunked source is cut into after its first, so that several workers share it. */
    static final int SPREAD = 6;

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

    /** As {@link #plan(double, double, int, int, double, int)} with a first segment as long as the others. */
    public static ChunkPlan plan(double durationSeconds, double frameRate, int segmentSeconds, int segmentsPerChunk,
                                 double thresholdSeconds) {
        return plan(durationSeconds, frameRate, segmentSeconds, segmentsPerChunk, thresholdSeconds, segmentSeconds);
    }

    /** As {@link #plan(double, double, int, int, double, int, boolean, double)} with nothing else waiting: spread. */
    public static ChunkPlan plan(double durationSeconds, double frameRate, int segmentSeconds, int segmentsPerChunk,
                                 double thresholdSeconds, int firstSegmentSeconds) {
        return plan(durationSeconds, frameRate, segmentSeconds, segmentsPerChunk, thresholdSeconds,
                firstSegmentSeconds, false);
    }

    /** A picture as long as the container. */
    public static ChunkPlan plan(double durationSeconds, double frameRate, int segmentSeconds, int segmentsPerChunk,
                                 double thresholdSeconds, int firstSegmentSeconds, boolean othersWaiting) {
        return plan(durationSeconds, frameRate, segmentSeconds, segmentsPerChunk, thresholdSeconds,
                firstSegmentSeconds, othersWaiting, durationSeconds);
    }

    /**
     * @param durationSeconds the container's: the video plays as long as its longest stream
     * @param thresholdSeconds sources up to this long keep the single pass; 0 means two chunks' worth
     * @param firstSegmentSeconds the first chunk's one segment: shorter than the others, so that it is
     *     encoded (and the video playable) in a few seconds; the grid of the others starts after it
     * @param othersWaiting other jobs wait in the queue: they keep the workers busy, so the chunks after
     *     the first are as long as {@code segmentsPerChunk} allows instead of at least {@link #SPREAD}.
     *     Every chunk more costs its ffmpeg's start (~0.6 CPU-s) and the decode from the source keyframe
     *     before it, which a worker without idle cores pays in time
     * @param pictureSeconds where the video stream ends, at most {@code durationSeconds}
     * @return the plan, or an empty list of chunks when the source is short enough for one pass
     */
    public static ChunkPlan plan(double durationSeconds, double frameRate, int segmentSeconds, int segmentsPerChunk,
                                 double thresholdSeconds, int firstSegmentSeconds, boolean othersWaiting,
                                 double pictureSeconds) {
        if (segmentSeconds < 1 || segmentsPerChunk < 1) {
            throw new IllegalArgumentException("segments and chunks must be at least 1 long");
        }
        if (firstSegmentSeconds < 1 || firstSegmentSeconds > segmentSeconds) {
            throw new IllegalArgumentException("the first segment must be 1 to " + segmentSeconds + " s long, not "
                    + firstSegmentSeconds);
        }
        int fps = outputFps(frameRate);
        long totalFrames = Math.round(durationSeconds * fps);
        long pictureFrames = pictureFrames(totalFrames, pictureSeconds, fps);
        double threshold = thresholdSeconds > 0 ? thresholdSeconds : 2.0 * segmentsPerChunk * segmentSeconds;
        List<Chunk> chunks = new ArrayList<>();
        if (durationSeconds <= threshold || totalFrames <= 0) {
            return new ChunkPlan(fps, segmentSeconds, totalFrames, chunks, pictureFrames);
        }
        long framesPerSegment = (long) segmentSeconds * fps;
        long firstFrames = Math.min((long) firstSegmentSeconds * fps, totalFrames);
        chunks.add(new Chunk(0, 0, 1, 0, firstFrames, fps));
        long totalSegments = (totalFrames - firstFrames + framesPerSegment - 1) / framesPerSegment;
        int segment = 1;
        for (int segments : spread(totalSegments, segmentsPerChunk, othersWaiting ? 1 : SPREAD)) {
            long start = firstFrames + (segment - 1) * framesPerSegment;
            long frames = Math.min(segments * framesPerSegment, totalFrames - start);
            chunks.add(new Chunk(chunks.size(), segment, segments, start, frames, fps));
            segment += segments;
        }
        return new ChunkPlan(fps, segmentSeconds, totalFrames, List.copyOf(chunks), pictureFrames);
    }

    /**
     * Chunk lengths for the segments after the first chunk: at most {@code segmentsPerChunk} each,
     * but short enough to make at least {@code fewest} chunks, and from longest to shortest, the
     * last about half the first. Workers finish together only when the chunks are many and the last
     * ones short: three 60 s chunks of a 3-minute video leave one of two workers idle for a whole
     * chunk (bench/scale measured 0.71 of one worker's time where an even split gives 0.5), and even
     * chunks leave one slot idle beside the last one for up to a whole chunk, where a short last
     * chunk ends soon after the others. The count stays that of an even split, so no chunk more
     * pays its ffmpeg's start and its decode from the source keyframe before it.
     */
    static List<Integer> spread(long segments, int segmentsPerChunk, int fewest) {
        if (segments <= 0) {
            return List.of();
        }
        long longest = Math.min(segmentsPerChunk, Math.max(1, (segments + fewest - 1) / fewest));
        int count = (int) ((segments + longest - 1) / longest);
        // weights fall evenly from 2 to 1; each chunk takes its weight's share of what is left,
        // within what leaves the chunks after it between one segment and the longest each
        double weights = 0;
        for (int i = 0; i < count; i++) {
            weights += weight(i, count);
        }
        List<Integer> lengths = new ArrayList<>(count);
        long left = segments;
        for (int i = 0; i < count; i++) {
            int after = count - i - 1;
            long share = Math.round(left * weight(i, count) / weights);
            long length = Math.max(Math.max(1, left - (long) after * segmentsPerChunk),
                    Math.min(Math.min(segmentsPerChunk, left - after), share));
            lengths.add((int) length);
            left -= length;
            weights -= weight(i, count);
        }
        lengths.sort(java.util.Comparator.reverseOrder());
        return List.copyOf(lengths);
    }

    private static double weight(int i, int count) {
        return count == 1 ? 1 : 2 - i / (double) (count - 1);
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

    /** Of a video's frames at the output rate, those that show the picture: at least one, at most all. */
    static long pictureFrames(long totalFrames, double pictureSeconds, int fps) {
        return Math.min(totalFrames, Math.max(1, Math.round(pictureSeconds * fps)));
    }

    /** The frames that show the picture; the rest hold its last. A plan stored without it (0): all of them. */
    public long picture() {
        return pictureFrames > 0 ? Math.min(pictureFrames, totalFrames) : totalFrames;
    }
}
