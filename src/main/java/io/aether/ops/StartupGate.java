package io.aether.ops;

import io.aether.http.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every request with 503 and {@code Retry-After} while the routes are not all up: the
 * HTTP ports listen before Camel adds the routes (and removes them first on the way down), and in
 * that window a request would get a 404. tus-js-client takes a 404 on HEAD to mean the upload is
 * gone and starts over; a probe that got through would report a replica ready that has no routes.
 *
 * <p>platform-http offers no hook between creating its router and listening except its
 * authentication entries, which it adds to the router before the server binds the port; the gate
 * is installed as one, for every path, so that it is there before the first request can arrive.
 */
final class StartupGate implements AuthenticationHandler {
    static final String BODY = Problem.json(503, "this replica is starting or stopping; retry shortly");

    private static final Logger LOG = LoggerFactory.getLogger(StartupGate.class);

    private final CamelContext context;

    private StartupGate(CamelContext context) {
        this.context = context;
    }

    /** Registers the gate with the public and the management HTTP servers; call before the context starts. */
    static void install(CamelContext context) {
        StartupGate gate = new StartupGate(context);
        MainHttpServer http = context.hasService(MainHttpServer.class);
        ManagementHttpServer management = context.hasService(ManagementHttpServer.class);
        if (http == null && management == null) {
            // no HTTP server (camel.server and camel.management off, as in-process route tests run)
            LOG.info("No HTTP server: the startup gate is not installed");
            return;
        }
        if (http != null) {
            gate.guard(http.getConfiguration().getAuthenticationConfig());
        }
        // the probes ask the management port: a replica whose routes are not all up must not look ready
        if (management != null) {
            gate.guard(management.getConfiguration().getAuthenticationConfig());
        }
    }

    private void guard(AuthenticationConfig auth) {
        AuthenticationConfig.AuthenticationConfigEntry entry = new AuthenticationConfig.AuthenticationConfigEntry();
        entry.setPath("/*");
        // no credentials are checked: the "provider" is unused, the "handler" is the gate
        entry.setAuthenticationProviderFactory(vertx -> null);
        entry.setAuthenticationHandlerFactory(new AuthenticationConfig.AuthenticationHandlerFactory() {
            @Override
            public <T extends io.vertx.ext.auth.authentication.AuthenticationProvider> AuthenticationHandler
                    createAuthenticationHandler(T provider) {
                return StartupGate.this;
            }
        });
        auth.getEntries().add(entry);
        auth.setEnabled(true);
    }

    @Override
    public void handle(RoutingContext ctx) {
        // started means every route was added; stopping and stopped are not
        if (context.getStatus().isStarted()) {
            ctx.next();
            return;
        }
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        response.setStatusCode(503)
                .putHeader("Retry-After", "1")
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.CONTENT_TYPE)
                // a body we do not read must not be parsed as the next request
                .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        response.end(BODY).onComplete(done -> {
            if (request.version() != HttpVersion.HTTP_2) {
                request.connection().close();
            }
        });
    }
}
