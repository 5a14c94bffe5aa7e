package io.aether.access;

import java.security.MessageDigest;

import io.aether.Keys;
import io.aether.errors.NotPermitted;
import io.aether.http.Replies;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Who is calling: the first step of every /api, /files and /ws route (the {@code keys} and
 * {@code admin} route configurations in routes/api/errors.yaml). It reads
 * {@code Authorization: Bearer <key>}, removes the header so no later step can echo or log it, and
 * puts the key's owner in the exchange property {@link Keys#OWNER}.
 */
public final class Access {

    private final ApiKeys keys;
    /** SHA-256 of the admin key, or null when there is none and the admin API is off. */
    private final byte[] adminHash;

    /** @param adminKey the key that manages API keys; empty turns the admin API off */
    public Access(ApiKeys keys, String adminKey) {
        this.keys = keys;
        this.adminHash = adminKey == null || adminKey.isBlank() ? null : ApiKeys.sha256(adminKey.trim());
    }

    /** An API key's request: its owner and key id go on the exchange, or the request is refused with 401. */
    public void authenticate(Exchange exchange) {
        if (exchange.getProperty(Keys.OWNER) != null) {
            return; // once per request, even where a route's configurations were applied twice (AdviceWith)
        }
        String key = bearer(exchange);
        ApiKeys.Caller caller = keys.find(key)
                .orElseThrow(() -> new Unauthenticated("the API key is unknown or was revoked"));
        exchange.setProperty(Keys.OWNER, caller.owner());
        exchange.setProperty(Keys.KEY_ID, caller.keyId());
    }

    /** A request of the admin API: only the admin key passes. */
    public void admin(Exchange exchange) {
        if (adminHash == null) {
            bearerHeader(exchange);
            throw new NotPermitted("the admin API is off: set AETHER_ADMIN_KEY to use it");
        }
        // compared as hashes in constant time: no timing tells how much of a guess was right
        if (!MessageDigest.isEqual(adminHash, ApiKeys.sha256(bearer(exchange)))) {
            throw new Unauthenticated("this is not the admin key");
        }
    }

    private static String bearer(Exchange exchange) {
        String header = bearerHeader(exchange);
        if (header == null || header.isBlank()) {
            throw new Unauthenticated("an API key is required: send Authorization: Bearer <key>");
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, "Bearer ", 0, 7) || value.substring(7).isBlank()) {
            throw new Unauthenticated("the Authorization header must be Bearer <key>");
        }
        return value.substring(7).trim();
    }

    /** Takes the header off the message; the request is kept aside first, as later steps need it. */
    private static String bearerHeader(Exchange exchange) {
        Replies.request(exchange);
        Message in = exchange.getMessage();
        String header = in.getHeader("Authorization", String.class);
        in.removeHeader("Authorization");
        return header;
    }
}
