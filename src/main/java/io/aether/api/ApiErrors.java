package io.aether.api;

import java.util.Map;

import io.aether.http.ApiException;
import io.aether.http.IncompleteUploadException;
import io.aether.http.MalformedMultipartException;
import io.aether.http.TooLargeException;
import io.aether.health.Outages;
import io.vertx.core.http.HttpServerRequest;
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
            if (t instanceof IncompleteUploadException incomplete) {
                status = incomplete.status();
                reason = "the upload did not arrive whole: " + t.getMessage();
                break;
            }
            if (t instanceof MalformedMultipartException) {
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
        HttpServerRequest request = exchange.getProperty(Uploads.REQUEST, HttpServerRequest.class);
        if (request != null && !request.isEnded()) {
            // The rest of a refused body is not read; closing is cheaper than draining it. Camel's header
            // filter drops Connection from the message, so it goes on the response itself, and
            // io.aether.web.ConnectionRules closes the connection once the answer is written.
            request.response().putHeader("Connection", "close");
        }
    }
}
