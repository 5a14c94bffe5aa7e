package io.aether.api;

import java.util.Map;

import io.aether.health.Outages;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the exception that ended an API exchange into a status and a JSON reason. */
public final class ApiErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    public void respond(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status = 500;
        String reason = "internal error";
        for (Throwable t = caught; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                status = api.status();
                reason = api.getMessage();
                break;
            }
            if (t instanceof TooLargeException tooLarge) {
                status = 413;
                reason = tooLarge.getMessage();
                break;
            }
            if (Outages.isOutage(t)) {
                status = 503;
                reason = "a backing service is unavailable, retry later";
                break;
            }
            if (t instanceof MalformedMultipartException || t instanceof IncompleteUploadException) {
                status = 400;
                reason = "the upload did not arrive whole: " + t.getMessage();
                break;
            }
        }
        if (status == 503) {
            // one line per request: an outage fails many requests the same way
            LOG.warn("Request failed, a backing service is unavailable: {}", caught.toString());
        } else if (status >= 500) {
            LOG.error("Request failed", caught);
        }
        Responses.json(exchange, status, Map.of("error", reason, "status", status));
        if (status == 503) {
            exchange.getMessage().setHeader("Retry-After", Outages.RETRY_AFTER_SECONDS);
        }
        if (status == 413 || status == 400) {
            // the rest of a refused body is not read; closing is cheaper than draining it
            exchange.getMessage().setHeader("Connection", "close");
        }
    }
}
