package io.aether.web;

import java.util.function.Consumer;

import io.vertx.ext.web.Router;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/** Adds handlers to platform-http's Vert.x routers, which exist only once the HTTP server is up. */
public final class HttpRouters {
    private HttpRouters() {
    }

    public static StartupListener onceUp(Consumer<Router> setup) {
        return (context, alreadyStarted) -> {
            for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
                setup.accept(router);
            }
        };
    }
}
