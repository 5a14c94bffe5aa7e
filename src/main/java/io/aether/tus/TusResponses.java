package io.aether.tus;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.aether.Json;
import io.aether.http.ApiException;
import io.aether.http.IncompleteUploadException;
import io.aether.http.TooLargeException;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** tus answers: every one carries Tus-Resumable; errors carry a short JSON reason like the rest of the API. */
final class TusResponses {
    private static final String REQUEST = "AetherTusRequest";
    private static final Set<String> FILTERED = Set.of("cache-control", "connection");

    private TusResponses() {
    }

    static void reply(Exchange exchange, int status, Map<String, String> headers, String reason) {
        Message out = exchange.getMessage();
        HttpServerRequest request = request(exchange);
        // platform-http would echo the request headers otherwise
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader("Tus-Resumable", TusRules.VERSION);
        headers.forEach((name, value) -> {
            if (FILTERED.contains(name.toLowerCase(Locale.ROOT)) && request != null) {
                // Camel's HTTP header filter drops these; the exchange is done with the response until it is written
                request.response().putHeader(name, value);
            } else {
                out.setHeader(name, value);
            }
        });
        if (reason == null) {
            out.setBody(new byte[0]); // Content-Length: 0 rather than an empty chunked body
        } else {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", reason);
            body.put("status", status);
            out.setHeader(Exchange.CONTENT_TYPE, "application/json");
            out.setBody(Json.write(body).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The Vert.x request, kept aside before the body is replaced (the job step needs the body). */
    static HttpServerRequest request(Exchange exchange) {
        HttpServerRequest request = exchange.getProperty(REQUEST, HttpServerRequest.class);
        if (request == null && exchange.getMessage().getBody() instanceof HttpServerRequest body) {
            exchange.setProperty(REQUEST, body);
            request = body;
        }
        return request;
    }

    static int status(Throwable caught) {
        for (Throwable t = caught; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api.status();
            }
            if (t instanceof TooLargeException) {
                return 413;
            }
            if (t instanceof IncompleteUploadException incomplete) {
                return incomplete.status();
            }
        }
        return 500;
    }

    static String reason(Throwable caught, int status) {
        if (status == 500) {
            return "internal error";
        }
        for (Throwable t = caught; t != null; t = t.getCause()) {
            if (t instanceof ApiException || t instanceof TooLargeException) {
                return t.getMessage();
            }
            if (t instanceof IncompleteUploadException) {
                return "the body did not arrive whole: " + t.getMessage();
            }
        }
        return "request failed";
    }
}
