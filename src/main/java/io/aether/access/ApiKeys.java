package io.aether.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.lettuce.core.api.sync.RedisCommands;

/**
 * API keys in Redis. A key is 256 random bits, shown once when made; Redis keeps only its SHA-256
 * (enough for a key that cannot be guessed, and cheap to check on every request). Each key belongs
 * to an owner. Every request looks its key up afresh, so a revoked key stops working at once on
 * every replica.
 */
public final class ApiKeys {
    /** What every key starts with, so one is recognised in a config file or a leak scanner. */
    public static final String PREFIX = "aether_";
    /** An owner is a name, not free text: it goes into Redis keys and tickets. */
    public static final Pattern OWNER = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    private static final String BY_HASH = "aether:apikey:";
    /** key id -> hash, for listing and revoking without the key itself */
    private static final String IDS = "aether:apikeys";
    private static final int KEY_BYTES = 32;

    private final RedisCommands<String, String> redis;
    private final SecureRandom random = new SecureRandom();

    /** Who a request's key belongs to: the key's id (for its limits) and its owner. */
    public record Caller(String keyId, String owner) {
    }

    public ApiKeys(RedisCommands<String, String> redis) {
        this.redis = redis;
    }

    /** A new key for the owner; the returned map is the only place the key itself ever appears. */
    public Map<String, String> create(String owner, String name) {
        if (owner == null || !OWNER.matcher(owner).matches()) {
            throw new IllegalArgumentException("owner must be 1-64 letters, digits or . _ @ -");
        }
        byte[] secret = new byte[KEY_BYTES];
        random.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byte[] idBytes = new byte[8];
        random.nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        Map<String, String> record = new LinkedHashMap<>();
        record.put("id", id);
        record.put("owner", owner);
        record.put("name", name == null ? "" : name);
        // enough to tell keys apart in a list, far too little to guess the rest
        record.put("prefix", key.substring(0, PREFIX.length() + 4));
        record.put("createdAt", Instant.now().toString());
        String hash = hash(key);
        redis.hset(BY_HASH + hash, record);
        redis.hset(IDS, id, hash);
        Map<String, String> created = new LinkedHashMap<>(record);
        created.put("key", key);
        return created;
    }

    /** The caller a presented key stands for, if it is a key that exists now. */
    public Optional<Caller> find(String key) {
        Map<String, String> record = redis.hgetall(BY_HASH + hash(key));
        if (record == null || record.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Caller(record.get("id"), record.get("owner")));
    }

    /** Every key's description (never the key), optionally of one owner only, oldest first. */
    public List<Map<String, String>> list(String owner) {
        List<Map<String, String>> keys = new ArrayList<>();
        for (String hash : redis.hvals(IDS)) {
            Map<String, String> record = redis.hgetall(BY_HASH + hash);
            if (record != null && !record.isEmpty() && (owner == null || owner.equals(record.get("owner")))) {
                keys.add(record);
            }
        }
        keys.sort((a, b) -> a.getOrDefault("createdAt", "").compareTo(b.getOrDefault("createdAt", "")));
        return keys;
    }

    /** @return false when there is no such key */
    public boolean revoke(String id) {
        String hash = redis.hget(IDS, id);
        if (hash == null) {
            return false;
        }
        redis.del(BY_HASH + hash);
        redis.hdel(IDS, id);
        return true;
    }

    /** SHA-256 of the key, hex: what Redis stores and looks up. */
    public static String hash(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
