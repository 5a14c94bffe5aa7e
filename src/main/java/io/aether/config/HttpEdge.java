package io.aether.config;

import java.util.HashSet;
import java.util.Set;

import io.aether.access.TicketGate;
import io.aether.tus.TusApi;
import io.aether.web.ConnectionRules;
import io.aether.web.UploadGate;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.CorsHandler;

/** The API port's handlers in front of every route; here as they name the tus headers (config sits on top). */
final class HttpEdge {
    private HttpEdge() {
    }

    /**
     * What runs before the routes: the connection rules, then CORS (browsers play HLS and upload from
     * other origins), then the upload gate, whose refusals so carry the CORS headers a browser needs,
     * then the live WebSocket's ticket check.
     */
    static void mount(Router router, UploadGate uploadGate, TicketGate ticketGate) {
        router.route().order(-2).handler(ConnectionRules::handle);
        router.route().order(-1).handler(CorsHandler.create()
                .addRelativeOrigin(".*")
                .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PATCH,
                        HttpMethod.DELETE, HttpMethod.OPTIONS))
                .allowedHeaders(union(Set.of("Content-Type", "Range", "Authorization"), TusApi.ALLOWED_HEADERS))
                .exposedHeaders(union(Set.of("Location", "Content-Length", "Retry-After"), TusApi.EXPOSED_HEADERS)))
                .handler(uploadGate::handle);
        // after CORS, before the socket's own route: no upgrade without a ticket for the video
        router.route("/ws/videos/:id").order(-1).handler(ticketGate::handle);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
