package io.aether.store;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;

import org.apache.camel.Exchange;

/**
 * Whether a failure means the object store is away for a while (down, stalled, unreachable, or busy
 * with a 5xx) rather than that the request is wrong or Aether broken: a client hears 503 with
 * Retry-After, as for {@link RedisOutage}, not 500. A full disk (507) has a clause of its own.
 */
public final class StoreOutage {
    private StoreOutage() {
    }

    /** For routes/api/errors.yaml: the exception the exchange caught, or any of its causes. */
    public static boolean in(Exchange exchange) {
        return in(Caught.of(exchange));
    }

    public static boolean in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof ConnectException
                    || t instanceof NoRouteToHostException) {
                return true;
            }
            // OkHttp's call timeouts are InterruptedIOExceptions named "timeout"
            if (t instanceof java.io.InterruptedIOException && "timeout".equals(t.getMessage())) {
                return true;
            }
            if (t instanceof S3Parts.StoreException refused && refused.status() != 507
                    && (refused.status() >= 500 || refused.status() == 429)) {
                return true;
            }
        }
        return false;
    }
}
