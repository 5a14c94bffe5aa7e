package io.aether.web;

import java.util.List;

import io.aether.http.Problem;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Vert.x router answers when no route does: a path no route matches (404), a method the
 * matching routes do not take (405), or a handler that failed before any route answered. Vert.x's
 * own answers are an HTML page or an empty body; these carry the problem details of every other error.
 */
public final class RouterErrors {
    static final String NOT_FOUND = "no such resource: see /api/openapi.json for the API's paths";
    static final String NOT_ALLOWED = "this method is not allowed here: see /api/openapi.json for the methods of each path";
    /** The statuses Vert.x's router answers by itself (a failed handler's status, or its own). */
    private static final List<Integer> STATUSES = List.of(400, 404, 405, 406, 413, 415, 500);
    private static final Logger LOG = LoggerFactory.getLogger(RouterErrors.class);

    private RouterErrors() {
    }

    /**
     * On the server's own router, where a request no route took ends: platform-http's router (the one
     * HttpRouters hands out) is mounted inside it, and its error handlers are never asked.
     */
    public static void mount(Router router) {
        Router main = null;
        if (router instanceof VertxPlatformHttpRouter platform && platform.getServer() != null
                && platform.getServer().getServer() != null
                && platform.getServer().getServer().requestHandler() instanceof Router server) {
            main = server;
        }
        if (main == null) {
            LOG.warn("Unmatched paths and methods answer Vert.x's HTML or empty bodies: the HTTP server's router"
                    + " was not found");
            return;
        }
        for (int status : STATUSES) {
            main.errorHandler(status, ctx -> answer(ctx, status));
        }
    }

    static void answer(RoutingContext ctx, int status) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            response.close(); // an answer already begun cannot become a problem any more
            return;
        }
        String detail = switch (status) {
            case 404 -> NOT_FOUND;
            case 405 -> NOT_ALLOWED;
            case 500 -> "internal error";
            default -> ctx.failure() == null || ctx.failure().getMessage() == null
                    ? Problem.title(status) : ctx.failure().getMessage();
        };
        if (status == 500) {
            LOG.error("Request failed outside the routes", ctx.failure());
        }
        Problem.end(response, status, detail);
    }
}
