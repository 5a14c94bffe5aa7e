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
 * (where proxies and browsers log it). A ticket is {@code expiry.nonce.owner.signature}: HMAC-SHA256
 * with a server secret over the video id, the owner, the expiry (seconds since the epoch) and a random
 * nonce, so no two tickets are alike. It is issued with the key to the video's owner only, binds to
 * that one video, and opens one socket ({@link TicketGate} marks it used).
 */
public final class Tickets {
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    private static final String SECRET_KEY = "aether:access:ticket-secret";

    private static final int NONCE_BYTES = 12;

    /** A ticket that checked out: whose it is, until when (epoch seconds), and its signature, which names it. */
    public record Valid(String owner, long expiry, String signature) {
    }

    private final SecureRandom random = new SecureRandom();
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
        byte[] nonceBytes = new byte[NONCE_BYTES];
        random.nextBytes(nonceBytes);
        String nonce = ENCODE.encodeToString(nonceBytes);
        String encodedOwner = ENCODE.encodeToString(owner.getBytes(StandardCharsets.UTF_8));
        return expiry + "." + nonce + "." + encodedOwner + "." + ENCODE.encodeToString(sign(videoId, owner, expiry, nonce));
    }

    /** The ticket, if it is intact, not expired and for this video. */
    public Optional<Valid> verify(String ticket, String videoId, long nowSeconds) {
        if (ticket == null || videoId == null) {
            return Optional.empty();
        }
        String[] parts = ticket.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            long expiry = Long.parseLong(parts[0]);
            String owner = new String(DECODE.decode(parts[2]), StandardCharsets.UTF_8);
            byte[] presented = DECODE.decode(parts[3]);
            if (!MessageDigest.isEqual(sign(videoId, owner, expiry, parts[1]), presented) || expiry < nowSeconds) {
                return Optional.empty();
            }
            return Optional.of(new Valid(owner, expiry, parts[3]));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private byte[] sign(String videoId, String owner, long expiry, String nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            // one field per line: no value can pass for another, as none holds a line break
            String text = "aether-ws-ticket\n" + videoId.replace('\n', ' ') + "\n" + owner.replace('\n', ' ')
                    + "\n" + expiry + "\n" + nonce.replace('\n', ' ');
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
