package io.aether.web;

import io.aether.http.Problem;
import io.vertx.ext.web.Router;

/**
 * {@code /observe} (health, metrics, Jolokia, info) is served on the management port only; the
 * public port answers 404 with problem details there, whatever the method, so that a proxy that
 * forwards everything to the public port still shows none of it.
 */
public final class ManagementPaths {
    /** camel.management.path: Camel's default, kept. */
    public static final String PREFIX = "/observe";
    static final String DETAIL = "not found: " + PREFIX + " is served on the management port only";

    private ManagementPaths() {
    }

    /** Mount on the public router. */
    public static void refuse(Router router) {
        // "/observe*" would also take /observer; these two take the prefix and what is under it
        router.route(PREFIX).handler(ManagementPaths::notFound);
        router.route(PREFIX + "/*").handler(ManagementPaths::notFound);
    }

    private static void notFound(io.vertx.ext.web.RoutingContext ctx) {
        Problem.end(ctx.response(), 404, DETAIL);
    }
}
