package io.aether.webhooks;

import java.util.OptionalLong;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: the delay doubles from {@code firstMs} with every failed
 * attempt, up to {@code maxMs}, and each delay is drawn between its half and its whole (jitter), so
 * receivers coming back from an outage are not hit by every replica at once. No attempt starts
 * later than {@code giveUpMs} after the event.
 */
public record Backoff(long firstMs, long maxMs, long giveUpMs) {

    public Backoff {
        if (firstMs <= 0 || maxMs < firstMs || giveUpMs <= 0) {
            throw new IllegalArgumentException("backoff needs 0 < first <= max and a positive give-up time");
        }
    }

    /** The longest wait after the given number of failed attempts (1 after the first). */
    public long ceiling(int failedAttempts) {
        int doublings = Math.min(Math.max(failedAttempts, 1) - 1, 62);
        long delay = firstMs;
        for (int i = 0; i < doublings && delay < maxMs; i++) {
            delay *= 2;
        }
        return Math.min(delay, maxMs);
    }

    /**
     * When to try again after {@code failedAttempts} failures, or empty when that would fall past the
     * give-up time of an event created at {@code createdMs}.
     *
     * @param random a number in [0, 1): the jitter
     */
    public OptionalLong next(long createdMs, int failedAttempts, long nowMs, DoubleSupplier random) {
        long ceiling = ceiling(failedAttempts);
        long delay = ceiling / 2 + (long) (random.getAsDouble() * (ceiling - ceiling / 2));
        long at = nowMs + delay;
        return at > createdMs + giveUpMs ? OptionalLong.empty() : OptionalLong.of(at);
    }
}
