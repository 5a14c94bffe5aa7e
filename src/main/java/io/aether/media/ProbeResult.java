package io.aether.media;

/**
 * What we need to know about an input. {@code width}/{@code height} are the coded size;
 * rotation is normalised to 0, 90, 180 or 270.
 */
public record ProbeResult(double durationSeconds, int width, int height, int rotation,
                          boolean hasAudio, double frameRate) {

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
