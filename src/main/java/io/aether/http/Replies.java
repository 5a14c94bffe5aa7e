package io.aether.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.aether.Json;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** HTTP answers from a route, on platform-http with the request body left unread by Camel. */
public final class Replies {
    /**
     * The prefix of the exchange properties that routes/api/errors.yaml sets for the headers an error
     * answer needs (Retry-After, WWW-Authenticate...): the property errorHeader.Retry-After is that header.
     */
    public static final String ERROR_HEADER = "errorHeader.";
    private static final String REQUEST = "AetherRequest";
    /** Camel's HTTP header filter drops these from the message, so they go on the Vert.x response. */
    private static final Set<String> FILTERED = Set.of("cache-control", "connection");

    private Replies() {
    }

    /**
     * The Vert.x request, kept aside on the first call while the body still is the request: later
     * steps replace the body, and an error answer may still have to close the connection.
     */
    public static HttpServerRequest request(Exchange exchange) {
        HttpServerRequest request = exchange.getProperty(REQUEST, HttpServerRequest.class);
        if (request == null && exchange.getMessage().getBody() instanceof HttpServerRequest body) {
            exchange.setProperty(REQUEST, body);
            request = body;
        }
        return request;
    }

    /** Starts an answer; platform-http would echo the request headers otherwise. */
    public static Message status(Exchange exchange, int status) {
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        return out;
    }

    public static void header(Exchange exchange, String name, String value) {
        HttpServerRequest request = request(exchange);
        if (request != null && FILTERED.contains(name.toLowerCase(Locale.ROOT))) {
            request.response().putHeader(name, value);
        } else {
            exchange.getMessage().setHeader(name, value);
        }
    }

    public static void json(Exchange exchange, int status, Object body) {
        Message out = status(exchange, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(Json.write(body));
    }

    /** An error answer: the problem details every error of the API shares ({@link Problem}). */
    public static void problem(Exchange exchange, int status, String detail) {
        Message out = status(exchange, status);
        out.setHeader(Exchange.CONTENT_TYPE, Problem.CONTENT_TYPE);
        out.setBody(Problem.json(status, detail));
    }

    /** The headers errors.yaml chose for this error's answer ({@link #ERROR_HEADER}). */
    public static Map<String, String> errorHeaders(Exchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getProperties().forEach((name, value) -> {
            if (name.startsWith(ERROR_HEADER) && value != null) {
                headers.put(name.substring(ERROR_HEADER.length()), value.toString());
            }
        });
        return headers;
    }

    /**
     * The rest of a refused body is not read; closing is cheaper than draining it.
     * io.aether.web.ConnectionRules closes the connection once the answer is written.
     */
    public static void closeConnection(Exchange exchange) {
        header(exchange, "Connection", "close");
    }
}
