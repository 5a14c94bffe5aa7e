package io.aether.access;

import java.util.Optional;
import java.util.regex.Pattern;

import io.aether.http.Problem;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.vertx.core.Context;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a WebSocket to {@code /ws/videos/{id}} through only with a valid ticket for that video
 * ({@code ?ticket=}, from {@code POST /api/v1/videos/{id}/ticket}), once: anything else is refused
 * with 401 before the upgrade, so no event of the video ever reaches the client. A ticket in a URL
 * may be logged on its way; marking it used in Redis (shared by every replica, until the ticket
 * would have expired anyway) makes a copy worthless. It runs on the event loop: the HMAC is checked
 * there, the mark is set with Lettuce's async API and the request goes on on its own context.
 */
public final class TicketGate {
    private static final Logger LOG = LoggerFactory.getLogger(TicketGate.class);
    /** The ids the socket's route (io.aether.live.LiveSocket) takes. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** One key per used ticket, named by its signature; it ends when the ticket would have. */
    static final String USED = "aether:ticket:used:";

    private final Tickets tickets;
    private final RedisAsyncCommands<String, String> redis;

    public TicketGate(Tickets tickets, RedisAsyncCommands<String, String> redis) {
        this.tickets = tickets;
        this.redis = redis;
    }

    public void handle(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (id == null || !ID.matcher(id).matches()) {
            // not a video id: the socket's route refuses it (1008) before it reads or sends anything
            ctx.next();
            return;
        }
        String ticket = ctx.request().getParam("ticket");
        long now = System.currentTimeMillis() / 1000;
        Optional<Tickets.Valid> valid = tickets.verify(ticket, id, now);
        if (valid.isEmpty()) {
            refuse(ctx, 401, ticket == null
                    ? "a ticket is required: POST /api/v1/videos/{id}/ticket with your API key, then connect with ?ticket="
                    : "the ticket is not valid for this video or has expired");
            return;
        }
        Context context = ctx.vertx().getOrCreateContext();
        if (!ctx.request().isEnded()) {
            ctx.request().pause();
        }
        // at least a second: a ticket in its last second is still refused a second time
        long remaining = Math.max(1, valid.get().expiry() - now + 1);
        redis.set(USED + valid.get().signature(), "1", SetArgs.Builder.nx().ex(remaining)).whenComplete(
                (set, error) -> context.runOnContext(ignored -> {
                    if (error != null) {
                        LOG.warn("Could not mark a live ticket used: {}", error.toString());
                        refuse(ctx, 503, "the ticket could not be checked; ask for a new one and retry");
                    } else if (!"OK".equals(set)) {
                        refuse(ctx, 401, "ticket already used: ask for a new one for every connection");
                    } else {
                        ctx.request().resume();
                        ctx.next();
                    }
                }));
    }

    private static void refuse(RoutingContext ctx, int status, String reason) {
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
        } else if (status == 503) {
            ctx.response().putHeader("Retry-After", "2");
        }
        Problem.end(ctx.response(), status, reason);
    }
}
