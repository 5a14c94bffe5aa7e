package io.aether.web;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.impl.VertxWrapper;
import io.vertx.core.net.impl.ConnectionBase;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request with both Transfer-Encoding and Content-Length with 400 and problem details, then
 * closes the connection (RFC 9112 6.3: a request smuggling attempt, or a broken client); and any
 * other request the decoder refuses (414, 431, 400) with problem details too ({@link InvalidRequests}).
 *
 * <p>No router handler can do this: Netty's decoder drops Content-Length from such a request before
 * Vert.x sees it. {@link StrictFramingDecoder} refuses it in the decoder instead, and the Vert.x
 * server's invalid-request handler writes the answer. platform-http creates and starts its
 * HttpServer with no hook for either, but takes its Vert.x instance from the registry; so Aether
 * binds one, built from the {@code vertxOptions} bean as platform-http would, that sets both on each
 * HTTP server it creates. Platform-http itself stays stock.
 *
 * <p>The price, weighed against copying platform-http's server into Aether: three Vert.x classes
 * from its impl packages: {@link VertxWrapper} (the base Vert.x asks for when wrapping Vertx),
 * {@link ConnectionBase} (the only way to a connection's Netty pipeline) and the decoder Vert.x uses.
 * A Vert.x or Netty upgrade that changes them fails to compile, or turns the check off with a
 * warning (the decoder is tried on a sample request at startup); it never stops the server. And cleartext HTTP/2 (h2c) is off on these servers: with it on, Vert.x parses a
 * connection's first request before telling the connection handler, too late to swap the decoder.
 * Aether's clients speak HTTP/1.1 (browsers never use h2c); h2c upgrades are a smuggling route of
 * their own through proxies.
 *
 * <p>The same hook bounds each connection's time to send a request head, its idle time between
 * requests and the number of connections per server ({@link ConnectionBounds}); those stay on when
 * the decoder check is off.
 */
public final class StrictFraming {
    private static final Logger LOG = LoggerFactory.getLogger(StrictFraming.class);
    private static final String NOT_REFUSED = "Requests with both Transfer-Encoding and Content-Length are not refused: ";
    private static final String UNHOOKED = "HTTP connections are not bounded (ConnectionBounds), and requests"
            + " with both Transfer-Encoding and Content-Length are not refused: ";
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private StrictFraming() {
    }

    /** Binds the Vert.x instance platform-http will use; on any failure warns and changes nothing. */
    public static void install(CamelContext context, ConnectionBounds bounds) throws Exception {
        Vertx strict;
        try {
            strict = strictVertx(context, bounds);
        } catch (LinkageError | RuntimeException e) {
            LOG.warn(UNHOOKED + "{}", e.toString());
            return;
        }
        if (strict == null) {
            return;
        }
        // not named "vertx": Camel would take a bean of that name for the vertx component
        context.getRegistry().bind("strictFramingVertx", strict);
        // platform-http closes only a Vert.x instance it made itself
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                strict.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
            }
        });
        context.addStartupListener(HttpRouters.onceUp(router -> {
            if (!(router instanceof VertxPlatformHttpRouter platform && platform.vertx() == strict)) {
                LOG.warn(UNHOOKED + "platform-http did not take the registry's Vert.x instance");
            }
        }));
    }

    private static Vertx strictVertx(CamelContext context, ConnectionBounds bounds) {
        boolean refuses = StrictFramingDecoder.refusesConflicts();
        if (!refuses) {
            LOG.warn(NOT_REFUSED + "this Netty no longer lets the decoder refuse them");
        }
        VertxOptions options = CamelContextHelper.findSingleByType(context, VertxOptions.class);
        Vertx vertx = Vertx.vertx(options == null ? new VertxOptions() : options);
        try {
            if (vertx instanceof VertxInternal internal) {
                return new Strict(internal, refuses, bounds);
            }
            LOG.warn(UNHOOKED + "Vert.x made a {}", vertx.getClass().getName());
        } catch (LinkageError | RuntimeException e) {
            LOG.warn(UNHOOKED + "{}", e.toString());
        }
        vertx.close(); // platform-http makes its own, as it would without this class
        return null;
    }

    /**
     * The connection handler: a new HTTP/1.x connection is counted against the cap, and gets the strict
     * decoder and the request clock before its first byte.
     */
    static void onConnection(HttpConnection connection, HttpServerOptions options, boolean refuses,
            ConnectionBounds.Counter counter) {
        String failure = null;
        try {
            if (!(connection instanceof ConnectionBase base)) {
                failure = "unexpected HTTP connection " + connection.getClass().getName();
            } else if (counter.admit(base.channel(), base.channelHandlerContext().name())
                    && refuses && !StrictFramingDecoder.replaceIn(base.channelHandlerContext().pipeline(), options)) {
                failure = "unexpected HTTP decoder in " + base.channelHandlerContext().pipeline().names();
            }
        } catch (LinkageError | RuntimeException e) {
            failure = e.toString(); // Vert.x would let an Error through to Netty
        }
        if (failure != null && WARNED.compareAndSet(false, true)) {
            LOG.warn("Connections are not bounded, or framing conflicts not refused: {}", failure);
        }
    }

    /** Vert.x as Vert.x recommends wrapping it; only its HTTP servers differ. */
    private static final class Strict extends VertxWrapper {
        private final boolean refuses;
        private final ConnectionBounds bounds;

        Strict(VertxInternal delegate, boolean refuses, ConnectionBounds bounds) {
            super(delegate);
            this.refuses = refuses;
            this.bounds = bounds;
        }

        @Override
        public HttpServer createHttpServer() {
            return createHttpServer(new HttpServerOptions());
        }

        @Override
        public HttpServer createHttpServer(HttpServerOptions options) {
            HttpServerOptions strict = new HttpServerOptions(options).setHttp2ClearTextEnabled(false);
            ConnectionBounds.Counter counter = bounds.counter();
            return delegate.createHttpServer(strict)
                    .connectionHandler(connection -> onConnection(connection, strict, refuses, counter))
                    .invalidRequestHandler(InvalidRequests::answer);
        }
    }
}
