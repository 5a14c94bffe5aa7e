package io.aether.access;

import java.util.regex.Pattern;

import io.aether.http.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets a WebSocket to {@code /ws/videos/{id}} through only with a valid ticket for that video
 * ({@code ?ticket=}, from {@code POST /api/v1/videos/{id}/ticket}): anything else is refused with
 * 401 before the upgrade, so no event of the video ever reaches the client. It runs on the event
 * loop: checking a ticket is one HMAC, no I/O.
 */
public final class TicketGate {
    /** The ids the socket's route (io.aether.live.LiveSocket) takes. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private final Tickets tickets;

    public TicketGate(Tickets tickets) {
        this.tickets = tickets;
    }

    public void handle(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (id == null || !ID.matcher(id).matches()) {
            // not a video id: the socket's route refuses it (1008) before it reads or sends anything
            ctx.next();
            return;
        }
        String ticket = ctx.request().getParam("ticket");
        if (tickets.verify(ticket, id, System.currentTimeMillis() / 1000).isPresent()) {
            ctx.next();
            return;
        }
        String reason = ticket == null
                ? "a ticket is required: POST /api/v1/videos/{id}/ticket with your API key, then connect with ?ticket="
                : "the ticket is not valid for this video or has expired";
        ctx.response().setStatusCode(401)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.CONTENT_TYPE)
                .putHeader("WWW-Authenticate", "Bearer")
                .end(Problem.json(401, reason));
    }
}
