package io.aether.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.aether.Json;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs first for every request. An answer that says {@code Connection: close} closes the connection
 * once written: Vert.x keeps an HTTP/1.1 connection open whatever the response says, and a refused
 * body left unread would otherwise be parsed as the next request.
 */
public final class ConnectionRules {
    private ConnectionRules() {
    }

    public static void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.version() != HttpVersion.HTTP_2) {
            ctx.addBodyEndHandler(written -> {
                if (ctx.response().headers().contains(HttpHeaders.CONNECTION, HttpHeaders.CLOSE, true)) {
                    request.connection().close();
                }
            });
        }
        ctx.next();
    }

    /** Answers with a JSON reason and closes the connection, the body unread. */
    static void refuse(RoutingContext ctx, int status, String reason, Map<String, String> headers) {
        HttpServerResponse response = ctx.response();
        response.setStatusCode(status);
        headers.forEach(response::putHeader);
        response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", reason);
        body.put("status", status);
        response.end(Json.write(body));
    }
}
