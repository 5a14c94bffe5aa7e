package io.aether.api;

import io.aether.Keys;
import io.aether.http.Replies;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reply step of routes/api/errors.yaml: the status and reason that the onException clause
 * matching the exception's type chose, as the API's problem details (io.aether.http.Problem).
 */
public final class ApiErrors {
    /** What a 503 (a backing service down or stalled) tells clients to wait before retrying, in seconds. */
    static final String RETRY_AFTER_SECONDS = "5";
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    public void respond(Exchange exchange) {
        int status = exchange.getProperty(Keys.ERROR_STATUS, 500, Integer.class);
        String reason = exchange.getProperty(Keys.ERROR_REASON, "internal error", String.class);
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (status == 503 || status == 507) {
            // one line per request: an outage or a full disk fails many requests the same way
            LOG.warn("Request failed, a backing service is unavailable or full: {}", caught);
        } else if (status >= 500) {
            LOG.error("Request failed", caught);
        }
        HttpServerRequest request = Replies.request(exchange);
        Replies.problem(exchange, status, reason);
        if (status == 503 || status == 507) {
            exchange.getMessage().setHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        Replies.errorHeaders(exchange).forEach((name, value) -> Replies.header(exchange, name, value));
        if (request != null && !request.isEnded()) {
            Replies.closeConnection(exchange);
        }
    }
}
