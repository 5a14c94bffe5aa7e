package io.aether.web;

import java.util.function.Consumer;

import io.vertx.ext.web.Router;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Adds handlers to platform-http's Vert.x routers, which exist only once the HTTP servers are up.
 * There are two: the public one (camel.server.*, the API's port) and the management one
 * (camel.management.*: health, metrics, Jolokia, info), each on a port of its own.
 */
public final class HttpRouters {
    private HttpRouters() {
    }

    /** The public port's router; a worker has none. */
    public static StartupListener onceUp(Consumer<Router> setup) {
        return (context, alreadyStarted) -> {
            MainHttpServer server = context.hasService(MainHttpServer.class);
            accept(server == null ? null : server.getRouter(), setup);
        };
    }

    /** The management port's router. */
    public static StartupListener managementUp(Consumer<Router> setup) {
        return (context, alreadyStarted) -> {
            ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
            accept(server == null ? null : server.getRouter(), setup);
        };
    }

    private static void accept(VertxPlatformHttpRouter router, Consumer<Router> setup) {
        if (router != null) {
            setup.accept(router);
        }
    }
}
