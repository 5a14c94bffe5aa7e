package io.aether.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiPredicate;

import io.aether.access.Tickets;
import io.aether.http.Replies;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * POST /api/v1/videos/{id}/ticket: a short-lived ticket to watch the video's live events over
 * {@code /ws/videos/{id}?ticket=}, for its owner only; anyone else hears 404 as for an unknown id.
 */
public final class LiveTickets {
    private final Tickets tickets;
    private final BiPredicate<String, String> owns;
    private final String socketBase;

    /**
     * @param owns whether the video, or the tus upload still becoming it, belongs to the owner
     * @param publicUrl the API's public URL; the socket's is the same with ws or wss
     */
    public LiveTickets(Tickets tickets, BiPredicate<String, String> owns, String publicUrl) {
        this.tickets = tickets;
        this.owns = owns;
        this.socketBase = publicUrl.replaceFirst("^http", "ws");
    }

    public void issue(Exchange exchange, @Header("id") String id) {
        String owner = VideosApi.owner(exchange);
        if (id == null || !owns.test(id, owner)) {
            throw new VideoNotFound(id);
        }
        long now = Instant.now().getEpochSecond();
        String ticket = tickets.issue(id, owner, now);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ticket", ticket);
        body.put("expiresAt", Instant.ofEpochSecond(now + tickets.ttlSeconds()).toString());
        body.put("url", socketBase + "/ws/videos/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "?ticket="
                + URLEncoder.encode(ticket, StandardCharsets.UTF_8));
        Replies.json(exchange, 201, body);
        Replies.header(exchange, "Cache-Control", "no-store");
    }
}
