package io.aether.health;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;

/** Which failures mean that Redis or MinIO is down or stalled, so a request should be retried later (503). */
public final class Outages {
    /** What a 503 tells clients to wait before retrying, in seconds. */
    public static final String RETRY_AFTER_SECONDS = "5";

    private Outages() {
    }

    /** Whether this one exception (not its causes) is a backing service that did not answer. */
    public static boolean isOutage(Throwable t) {
        return t instanceof RedisCommandTimeoutException
                || t instanceof RedisConnectionException
                // OkHttp's connect, read and write timeouts, and MinIO not listening
                || t instanceof SocketTimeoutException
                || t instanceof ConnectException
                || t instanceof NoRouteToHostException;
    }
}
