package io.aether.web;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * platform-http's engine, telling the routes' consumers which server to join: the public one.
 * Camel's engine asks the registry for the one HTTP server there is; with the management server on
 * a port of its own there are two, it finds neither and falls back to port 8080, where nothing
 * listens, and the routes fail to start.
 */
public final class PublicPortEngine extends VertxPlatformHttpEngine {
    /** Binds it where platform-http looks for an engine before making its own; call before the routes start. */
    public static void bind(CamelContext context) {
        PublicPortEngine engine = new PublicPortEngine();
        engine.setCamelContext(context);
        context.getRegistry().bind(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME, PlatformHttpEngine.class, engine);
    }

    @Override
    public int getServerPort() {
        MainHttpServer server = getCamelContext().hasService(MainHttpServer.class);
        return server != null ? server.getPort() : super.getServerPort();
    }
}
