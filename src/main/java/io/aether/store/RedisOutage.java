package io.aether.store;

import java.util.List;
import java.util.function.Supplier;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import org.apache.camel.Exchange;

/**
 * Whether a failure means Redis is away for a while rather than that the request or the job is wrong:
 * Redis down or stalled, or a failover under way. A client hears 503 with Retry-After; a job goes back
 * to the queue instead of failing.
 */
public final class RedisOutage {
    /**
     * Error replies that a failover causes: a primary just demoted to replica (READONLY), a replica that
     * lost its primary (MASTERDOWN), one still loading its data (LOADING), a blocked read cut off by the
     * switch (UNBLOCKED), a primary with min-replicas-to-write and no replica close behind (NOREPLICAS).
     */
    private static final List<String> FAILOVER_REPLIES = List.of("READONLY", "MASTERDOWN", "LOADING", "UNBLOCKED",
            "NOREPLICAS");

    /** Between tries of {@link #retry}: a Sentinel failover takes seconds, a reconnect less. */
    private static final long PAUSE_MS = 500;

    private RedisOutage() {
    }

    /** The call's result, tried again while it fails for an outage, for up to {@code forMs}. */
    public static <T> T retry(long forMs, Supplier<T> call) {
        long deadline = System.nanoTime() + forMs * 1_000_000;
        while (true) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (!in(e) || System.nanoTime() + PAUSE_MS * 1_000_000 > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Redis", e);
            }
        }
    }

    /** For routes/api/errors.yaml and the worker's: the exception the exchange caught, or any of its causes. */
    public static boolean in(Exchange exchange) {
        return in(Caught.of(exchange));
    }

    public static boolean in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RedisConnectionException || t instanceof RedisCommandTimeoutException) {
                return true;
            }
            if (t instanceof RedisException && t.getMessage() != null
                    && FAILOVER_REPLIES.stream().anyMatch(t.getMessage()::startsWith)) {
                return true;
            }
        }
        return false;
    }
}
