package io.aether.http;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * {@code websocket:/ws/videos/{id}}: WebSockets on platform-http's own router, so they share the API's
 * port, CORS, gates and lifecycle. Each socket's OPEN, MESSAGE and CLOSE become exchanges, in that order,
 * run off the event loop (a route may wait on Redis), one at a time per socket. It stands in for
 * camel-vertx-websocket, which Camel's LTS releases served here lack and whose stock consumer starts
 * a server of its own on the port (docs/dependencies.md).
 */
public final class SocketComponent extends DefaultComponent {
    /** Header: a key unique to one socket, the same for all its exchanges. */
    public static final String CONNECTION_KEY = "AetherSocketKey";
    /** Header: the {@link SocketEvent}. */
    public static final String EVENT = "AetherSocketEvent";
    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        ExceptionHandler errors = resolveAndRemoveReferenceParameter(parameters, "exceptionHandler",
                ExceptionHandler.class);
        String path = remaining.startsWith("/") ? remaining : "/" + remaining;
        return new SocketEndpoint(uri, this, path, errors);
    }

    private static final class SocketEndpoint extends DefaultEndpoint {
        private final String path;
        private final ExceptionHandler errors;

        SocketEndpoint(String uri, SocketComponent component, String path, ExceptionHandler errors) {
            super(uri, component);
            this.path = path;
            this.errors = errors;
        }

        @Override
        public Producer createProducer() {
            throw new UnsupportedOperationException("websocket: endpoints only accept sockets");
        }

        @Override
        public Consumer createConsumer(Processor processor) throws Exception {
            SocketConsumer consumer = new SocketConsumer(this, processor);
            if (errors != null) {
                consumer.setExceptionHandler(errors);
            }
            configureConsumer(consumer);
            return consumer;
        }
    }

    private static final class SocketConsumer extends DefaultConsumer {
        private final String vertxPath;
        private ExecutorService pool;
        private Route route;

        SocketConsumer(SocketEndpoint endpoint, Processor processor) {
            super(endpoint, processor);
            Matcher params = PARAM.matcher(endpoint.path);
            this.vertxPath = params.replaceAll(":$1");
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            pool = getEndpoint().getCamelContext().getExecutorServiceManager().newCachedThreadPool(this, "websocket");
            // the public server's router exists only once it is up; the management server's is left alone
            getEndpoint().getCamelContext().addStartupListener((context, alreadyStarted) -> {
                MainHttpServer server = context.hasService(MainHttpServer.class);
                if (server != null && server.getRouter() != null) {
                    mount(server.getRouter());
                }
            });
        }

        private synchronized void mount(Router router) {
            if (route == null) {
                route = router.route(vertxPath).handler(this::upgrade);
            }
        }

        private void upgrade(RoutingContext ctx) {
            if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
                ctx.next(); // not a WebSocket: the router's 404
                return;
            }
            Map<String, String> params = Map.copyOf(ctx.pathParams());
            ctx.request().toWebSocket()
                    .onSuccess(socket -> connected(socket, params))
                    .onFailure(e -> getExceptionHandler().handleException("upgrade failed", e));
        }

        private void connected(ServerWebSocket socket, Map<String, String> params) {
            String key = UUID.randomUUID().toString();
            Serial events = new Serial(pool);
            socket.pause();
            events.run(() -> {
                emit(key, SocketEvent.OPEN, socket, params);
                socket.resume();
            });
            socket.textMessageHandler(text -> events.run(() -> emit(key, SocketEvent.MESSAGE, text, params)));
            socket.exceptionHandler(e -> getExceptionHandler().handleException("socket error", e));
            socket.closeHandler(v -> events.run(() -> emit(key, SocketEvent.CLOSE, null, params)));
        }

        private void emit(String key, SocketEvent event, Object body, Map<String, String> params) {
            Exchange exchange = createExchange(false);
            params.forEach(exchange.getMessage()::setHeader);
            exchange.getMessage().setHeader(CONNECTION_KEY, key);
            exchange.getMessage().setHeader(EVENT, event);
            exchange.getMessage().setBody(body);
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("processing " + event, exchange, exchange.getException());
            }
            releaseExchange(exchange, false);
        }

        @Override
        protected synchronized void doStop() throws Exception {
            if (route != null) {
                route.remove();
                route = null;
            }
            if (pool != null) {
                getEndpoint().getCamelContext().getExecutorServiceManager().shutdown(pool);
            }
            super.doStop();
        }
    }

    /** Runs tasks one after another on a shared pool: one socket's events stay in order. */
    private static final class Serial {
        private final ExecutorService pool;
        private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

        Serial(ExecutorService pool) {
            this.pool = pool;
        }

        synchronized void run(Runnable task) {
            tail = tail.thenRunAsync(task, pool).exceptionally(e -> null);
        }
    }
}
