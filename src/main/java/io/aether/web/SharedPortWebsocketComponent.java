package io.aether.web;

import java.net.URI;

import io.vertx.core.Vertx;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.vertx.websocket.VertxWebsocketComponent;
import org.apache.camel.component.vertx.websocket.VertxWebsocketConsumer;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHost;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHostConfiguration;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHostKey;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.CamelContextHelper;

/**
 * vertx-websocket whose consumers on the platform-http port live on the platform-http router.
 *
 * <p>In Camel 4.17 a vertx-websocket consumer always starts its own Vert.x HTTP server on the
 * endpoint's host and port. A platform-http server that made its own Vert.x instance keeps it out
 * of the registry, so that second server lives in another Vert.x instance and cannot bind the port
 * the API already holds (in one instance it would share the port, taking every other connection). Here a consumer whose port is the platform-http port adds its route to the
 * platform-http router and starts no server: the WebSocket shares the API's port, CORS and
 * lifecycle, on platform-http's Vert.x instance. Consumers on any other port behave as in the
 * stock component.
 *
 * <p>The annotation is not inherited; Camel finds the endpoint option configurer by its name.
 */
@Component("vertx-websocket")
public final class SharedPortWebsocketComponent extends VertxWebsocketComponent {

    /** Only for consumers and clients off the platform-http port; made when first needed. */
    private Vertx own;

    @Override
    protected void doStart() {
        // The stock component makes a Vert.x instance here, before platform-http has started its
        // own; this one borrows platform-http's from getVertx() instead.
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        synchronized (this) {
            if (own != null) {
                own.close();
                own = null;
            }
        }
    }

    /** A configured instance, else platform-http's, else one of its own. */
    @Override
    public synchronized Vertx getVertx() {
        Vertx configured = super.getVertx();
        if (configured != null) {
            return configured;
        }
        VertxPlatformHttpRouter router = CamelContextHelper.findSingleByType(getCamelContext(), VertxPlatformHttpRouter.class);
        if (router != null) {
            return router.vertx();
        }
        if (own == null) {
            own = Vertx.vertx();
        }
        return own;
    }

    @Override
    public void connectConsumer(VertxWebsocketConsumer consumer) {
        URI uri = consumer.getEndpoint().getConfiguration().getWebsocketURI();
        VertxPlatformHttpRouter router = platformRouter(uri.getPort());
        if (router != null && consumer.getEndpoint().getConfiguration().getRouter() == null) {
            consumer.getEndpoint().getConfiguration().setRouter(router);
        }
        super.connectConsumer(consumer);
    }

    @Override
    protected VertxWebsocketHost createVertxWebsocketHost(VertxWebsocketHostConfiguration configuration,
            VertxWebsocketHostKey key) {
        if (configuration.getRouter() instanceof VertxPlatformHttpRouter) {
            return new PlatformHost(this, configuration, key);
        }
        return super.createVertxWebsocketHost(configuration, key);
    }

    private VertxPlatformHttpRouter platformRouter(int port) {
        return getCamelContext().getRegistry().lookupByNameAndType(
                VertxPlatformHttpRouter.getRouterNameFromPort(port), VertxPlatformHttpRouter.class);
    }

    /** A host whose routes the platform-http server already serves: it binds no port of its own. */
    private static final class PlatformHost extends VertxWebsocketHost {
        private final int port;

        PlatformHost(SharedPortWebsocketComponent component, VertxWebsocketHostConfiguration configuration,
                VertxWebsocketHostKey key) {
            super(component.getCamelContext(), configuration, key);
            this.port = key.getPort();
        }

        @Override
        public void start() {
            // platform-http listens on this port and routes to the router the consumer's route joined
        }

        @Override
        public int getPort() {
            return port;
        }

        @Override
        public boolean isManagedPort(int candidate) {
            return candidate == port;
        }
    }
}
