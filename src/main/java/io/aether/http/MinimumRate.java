package io.aether.http;

/**
 * The least an upload body must deliver: {@code bytesPerSecond} on average over each {@code windowMs}
 * spent waiting for the client. Time the reader spends storing what arrived does not count, so a
 * slow object store never makes a client look slow.
 */
public record MinimumRate(long bytesPerSecond, long windowMs) {
    public static final MinimumRate NONE = new MinimumRate(0, 0);

    public boolean enabled() {
        return bytesPerSecond > 0 && windowMs > 0;
    }

    long bytesPerWindow() {
        return bytesPerSecond * windowMs / 1000;
    }
}
