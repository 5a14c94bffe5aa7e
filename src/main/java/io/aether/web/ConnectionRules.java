package io.aether.web;

import java.util.Map;

import io.aether.http.Problem;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs first for every request. An answer that says {@code Connection: close} closes the connection
 * once written (after {@link #lingerThenClose}): Vert.x keeps an HTTP/1.1 connection open whatever the response says, and a refused
 * body left unread would otherwise be parsed as the next request.
 */
public final class ConnectionRules {
    static final long LINGER_MS = 1000;

    private ConnectionRules() {
    }

    public static void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.version() != HttpVersion.HTTP_2) {
            ctx.addBodyEndHandler(written -> {
                if (ctx.response().headers().contains(HttpHeaders.CONNECTION, HttpHeaders.CLOSE, true)) {
                    lingerThenClose(ctx.vertx(), request);
                }
            });
        }
        ctx.next();
    }

    /**
     * Closing while the client is still sending its body resets the connection, and the reset can reach
     * the client before the answer does: it then sees a broken pipe instead of the 413 or 503. So the
     * rest of the body is read and dropped for a moment first (as nginx's lingering close does), no
     * longer than {@link #LINGER_MS}, however much more the client has to send.
     */
    static void lingerThenClose(Vertx vertx, HttpServerRequest request) {
        HttpConnection connection = request.connection();
        if (request.isEnded()) {
            connection.close();
            return;
        }
        long timer = vertx.setTimer(LINGER_MS, t -> connection.close());
        try {
            request.handler(dropped -> { });
            request.exceptionHandler(e -> connection.close());
            request.endHandler(v -> {
                vertx.cancelTimer(timer);
                connection.close();
            });
            request.resume();
        } catch (IllegalStateException alreadyRead) {
            vertx.cancelTimer(timer);
            connection.close();
        }
    }

    /** Answers with problem details and closes the connection, the body unread. */
    static void refuse(RoutingContext ctx, int status, String reason, Map<String, String> headers) {
        HttpServerResponse response = ctx.response();
        headers.forEach(response::putHeader);
        response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        Problem.end(response, status, reason);
    }
}
