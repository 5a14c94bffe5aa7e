package io.aether.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Short-lived tickets for the live WebSocket, so the long-lived API key never goes into a URL
 * (where proxies and browsers log it). A ticket is {@code expiry.owner.signature}: HMAC-SHA256 with
 * a server secret over the video id, the owner and the expiry (seconds since the epoch). It is
 * issued with the key to the video's owner only, and binds to that one video.
 */
public final class Tickets {
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    private static final String SECRET_KEY = "aether:access:ticket-secret";

    private final byte[] secret;
    private final long ttlSeconds;

    /** @param secret the same on every replica, or a ticket from one is refused by another */
    public Tickets(byte[] secret, long ttlSeconds) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the ticket secret needs at least 32 bytes");
        }
        this.secret = secret.clone();
        this.ttlSeconds = ttlSeconds;
    }

    /**
     * Tickets all replicas can check: from the configured secret, else from a random one that the
     * first replica puts in Redis and every other one reads.
     */
    public static Tickets shared(String configured, RedisCommands<String, String> redis, long ttlSeconds) {
        if (configured != null && !configured.isBlank()) {
            return new Tickets(ApiKeys.sha256(configured.trim()), ttlSeconds);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        redis.set(SECRET_KEY, ENCODE.encodeToString(random), SetArgs.Builder.nx());
        return new Tickets(DECODE.decode(redis.get(SECRET_KEY)), ttlSeconds);
    }

    public long ttlSeconds() {
        return ttlSeconds;
    }

    public String issue(String videoId, String owner, long nowSeconds) {
        long expiry = nowSeconds + ttlSeconds;
        String encodedOwner = ENCODE.encodeToString(owner.getBytes(StandardCharsets.UTF_8));
        return expiry + "." + encodedOwner + "." + ENCODE.encodeToString(sign(videoId, owner, expiry));
    }

    /** The owner the ticket was issued to, if it is intact, not expired and for this video. */
    public Optional<String> verify(String ticket, String videoId, long nowSeconds) {
        if (ticket == null || videoId == null) {
            return Optional.empty();
        }
        String[] parts = ticket.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            long expiry = Long.parseLong(parts[0]);
            String owner = new String(DECODE.decode(parts[1]), StandardCharsets.UTF_8);
            byte[] presented = DECODE.decode(parts[2]);
            if (!MessageDigest.isEqual(sign(videoId, owner, expiry), presented) || expiry < nowSeconds) {
                return Optional.empty();
            }
            return Optional.of(owner);
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private byte[] sign(String videoId, String owner, long expiry) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            // one field per line: no value can pass for another, as none holds a line break
            String text = "aether-ws-ticket\n" + videoId.replace('\n', ' ') + "\n" + owner.replace('\n', ' ')
                    + "\n" + expiry;
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
