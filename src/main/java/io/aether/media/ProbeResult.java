package io.aether.media;

/**
 * What we need to know about an input. {@code width}/{@code height} are the coded size;
 * rotation is normalised to 0, 90, 180 or 270. {@code headerComplete}: the container's header
 * describes every stream and its timestamps start at 0 (MP4/MOV, Matroska/WebM), so ffmpeg can open
 * it without reading and decoding its first packets (-nofind_stream_info) and seek to the same frames.
 * {@code durationSeconds} is the container's (the longest stream's, which the video plays for);
 * {@code pictureSeconds} is where the video stream ends, at most that: shorter when the sound goes on
 * after the picture (a screen recording whose capture stopped while the microphone kept going).
 */
public record ProbeResult(double durationSeconds, int width, int height, int rotation,
                          boolean hasAudio, double frameRate, boolean headerComplete, double pictureSeconds) {

    public ProbeResult {
        pictureSeconds = pictureSeconds > 0 ? Math.min(pictureSeconds, durationSeconds) : durationSeconds;
    }

    /** A picture as long as the container. */
    public ProbeResult(double durationSeconds, int width, int height, int rotation, boolean hasAudio,
                       double frameRate, boolean headerComplete) {
        this(durationSeconds, width, height, rotation, hasAudio, frameRate, headerComplete, durationSeconds);
    }

    public ProbeResult(double durationSeconds, int width, int height, int rotation, boolean hasAudio,
                       double frameRate) {
        this(durationSeconds, width, height, rotation, hasAudio, frameRate, false);
    }

    /** ffmpeg auto-rotates while decoding, so the ladder must be planned on the displayed size. */
    public int displayWidth() {
        return quarterTurn() ? height : width;
    }

    public int displayHeight() {
        return quarterTurn() ? width : height;
    }

    private boolean quarterTurn() {
        int r = ((rotation % 360) + 360) % 360;
        return r == 90 || r == 270;
    }
}
