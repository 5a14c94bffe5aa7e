package io.aether.access;

/** A key used up one of its limits (uploads at once, bytes this hour); it may try again after a while. */
public final class LimitReached extends RuntimeException {
    private final long retryAfterSeconds;

    public LimitReached(String reason, long retryAfterSeconds) {
        super(reason);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** When the limit frees up, in whole seconds, at least one. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
