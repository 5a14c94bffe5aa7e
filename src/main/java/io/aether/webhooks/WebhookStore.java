package io.aether.webhooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.aether.Json;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Webhooks in Redis: one hash per owner ({@code aether:webhook:OWNER}: url, signing secret, the
 * secret it replaced and until when that one still signs, times), one hash per delivery ({@code aether:webhook:delivery:ID}), the deliveries waiting to be
 * made in a sorted set by due time ({@code aether:webhook:due}), and each owner's latest deliveries
 * in a sorted set by creation time ({@code aether:webhook:log:OWNER}) for the API, and each video's
 * deliveries in a set ({@code aether:webhook:video:ID}) for deleting the video. Every delivery's
 * keys expire {@link #KEEP_SECONDS} after it was made; the owner's hash stays until removed.
 * Deliveries are created by {@link DeliveryScript}, inside the script that changes the video's state.
 */
public final class WebhookStore {
    public static final String DUE = "aether:webhook:due";
    /** Each video's deliveries, so that deleting the video removes them ({@link #forget}). */
    static final String VIDEO_PREFIX = "aether:webhook:video:";
    private static final String DELIVERY_PREFIX = "aether:webhook:delivery:";
    private static final String LOG_PREFIX = "aether:webhook:log:";
    /** How many deliveries each owner's log keeps for the API. */
    static final int LOG_SIZE = 1000;
    /** A delivery's hash outlives its last attempt (24 h at most) by a week, for the API. */
    public static final long KEEP_SECONDS = 8 * 24 * 3600;

    /** A deleted video's deliveries go: the waiting ones are not made, and no copy of its record stays. */
    private static final String FORGET = """
            local ids = redis.call('SMEMBERS', KEYS[1])
            for _, id in ipairs(ids) do
              local owner = redis.call('HGET', ARGV[1] .. id, 'owner')
              redis.call('ZREM', KEYS[2], id)
              if owner then redis.call('ZREM', ARGV[2] .. owner, id) end
              redis.call('DEL', ARGV[1] .. id)
            end
            redis.call('DEL', KEYS[1])
            return #ids
            """;

    private static final String SET = """
            local created = redis.call('HSETNX', KEYS[1], 'secret', ARGV[2])
            if created == 1 then redis.call('HSET', KEYS[1], 'createdAt', ARGV[3]) end
            redis.call('HSET', KEYS[1], 'url', ARGV[1], 'updatedAt', ARGV[3])
            return created
            """;
    /** The replaced secret goes on signing until ARGV[3] (unix ms); with no ARGV[3] it stops at once. */
    private static final String ROTATE = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            local old = redis.call('HGET', KEYS[1], 'secret')
            redis.call('HSET', KEYS[1], 'secret', ARGV[1], 'updatedAt', ARGV[2])
            if ARGV[3] == '' then
              redis.call('HDEL', KEYS[1], 'previousSecret', 'previousUntil')
            else
              redis.call('HSET', KEYS[1], 'previousSecret', old, 'previousUntil', ARGV[3])
            end
            return 1
            """;
    /** Takes due deliveries by pushing their due time past a lease: nobody else takes them meanwhile. */
    private static final String CLAIM = """
            local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
            for _, id in ipairs(ids) do redis.call('ZADD', KEYS[1], ARGV[2], id) end
            return ids
            """;
    /** Records an attempt if the claim still holds (its lease not run out and taken by another). */
    private static final String FINISH = """
            local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
            if not score or tonumber(score) ~= tonumber(ARGV[2]) then return 0 end
            for k, v in pairs(cjson.decode(ARGV[3])) do redis.call('HSET', KEYS[2], k, v) end
            if ARGV[5] == '1' then redis.call('HINCRBY', KEYS[2], 'attempts', 1) end
            if ARGV[4] == '' then redis.call('ZREM', KEYS[1], ARGV[1]) else redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1]) end
            return 1
            """;

    /**
     * The owner's webhook. The secrets never leave this class except to sign, or once when made.
     *
     * @param previous the secret a rotation replaced, or null; it signs until {@code previousUntilMs}
     */
    public record Hook(String url, Signer.Secret secret, Signer.Secret previous, long previousUntilMs,
                       String createdAt, String updatedAt) {
        /** The secrets that sign a request sent at this time: the current one first. */
        public List<Signer.Secret> signing(long nowMs) {
            return previous != null && nowMs < previousUntilMs ? List.of(secret, previous) : List.of(secret);
        }
    }

    /** A delivery taken by this replica until {@code leaseUntil}. */
    public record Claim(String id, long leaseUntil) {
    }

    private final RedisCommands<String, String> redis;

    public WebhookStore(RedisCommands<String, String> redis) {
        this.redis = redis;
    }

    public static String hookKey(String owner) {
        return "aether:webhook:" + owner;
    }

    public static String logKey(String owner) {
        return LOG_PREFIX + owner;
    }

    public static String deliveryKey(String id) {
        return DELIVERY_PREFIX + id;
    }

    /** Removes every delivery of a deleted video, waiting or made; returns how many there were. */
    public long forget(String videoId) {
        Long removed = redis.eval(FORGET, ScriptOutputType.INTEGER, new String[] {VIDEO_PREFIX + videoId, DUE},
                DELIVERY_PREFIX, LOG_PREFIX);
        return removed == null ? 0 : removed;
    }

    public Optional<Hook> hook(String owner) {
        Map<String, String> hash = redis.hgetall(hookKey(owner));
        if (hash == null || !hash.containsKey("url")) {
            return Optional.empty();
        }
        String previous = hash.get("previousSecret");
        return Optional.of(new Hook(hash.get("url"), new Signer.Secret(hash.get("secret")),
                previous == null ? null : new Signer.Secret(previous),
                Long.parseLong(hash.getOrDefault("previousUntil", "0")), hash.get("createdAt"), hash.get("updatedAt")));
    }

    /** Sets the URL; a new webhook gets a new secret, an existing one keeps its own. True when new. */
    public boolean set(String owner, String url) {
        Long created = redis.eval(SET, ScriptOutputType.INTEGER, new String[] {hookKey(owner)}, url,
                Signer.newSecret().value(), Instant.now().toString());
        return created != null && created == 1L;
    }

    /**
     * A new secret for an existing webhook, or empty when there is none. The one it replaces signs
     * beside it until {@code previousUntilMs} (unix ms; 0: not at all), so receivers can move over.
     */
    public Optional<Signer.Secret> rotate(String owner, long previousUntilMs) {
        Signer.Secret secret = Signer.newSecret();
        Long done = redis.eval(ROTATE, ScriptOutputType.INTEGER, new String[] {hookKey(owner)}, secret.value(),
                Instant.now().toString(), previousUntilMs > 0 ? Long.toString(previousUntilMs) : "");
        return done != null && done == 1L ? Optional.of(secret) : Optional.empty();
    }

    /** Removes the webhook; deliveries still waiting are cancelled when their turn comes. */
    public boolean delete(String owner) {
        return redis.del(hookKey(owner)) == 1L;
    }

    /** The owner's latest deliveries, newest first; of one video only when videoId is given. */
    public List<Map<String, String>> deliveries(String owner, int limit, String videoId) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String id : redis.zrevrange(logKey(owner), 0, LOG_SIZE - 1)) {
            Optional<Map<String, String>> delivery = delivery(id);
            if (delivery.isEmpty()) {
                redis.zrem(logKey(owner), id); // expired
            } else if (videoId == null || videoId.equals(delivery.get().get("videoId"))) {
                out.add(delivery.get());
                if (out.size() == limit) {
                    break;
                }
            }
        }
        return out;
    }

    public Optional<Map<String, String>> delivery(String id) {
        Map<String, String> hash = redis.hgetall(deliveryKey(id));
        return hash == null || hash.isEmpty() ? Optional.empty() : Optional.of(hash);
    }

    /** Up to {@code max} deliveries due by now, each held until {@code leaseUntil}. */
    public List<Claim> claim(long now, long leaseUntil, int max) {
        List<String> ids = redis.eval(CLAIM, ScriptOutputType.MULTI, new String[] {DUE}, Long.toString(now),
                Long.toString(leaseUntil), Integer.toString(max));
        return ids.stream().map(id -> new Claim(id, leaseUntil)).toList();
    }

    /**
     * Records what happened to a claimed delivery and when it is due again ({@code nextDue} null: never).
     *
     * @param attempt whether a request was made (cancelling is not an attempt)
     * @return false when the claim no longer held, and nothing was recorded
     */
    public boolean finish(Claim claim, Map<String, String> fields, Long nextDue, boolean attempt) {
        Map<String, String> changes = new LinkedHashMap<>(fields);
        Long done = redis.eval(FINISH, ScriptOutputType.INTEGER, new String[] {DUE, deliveryKey(claim.id())},
                claim.id(), Long.toString(claim.leaseUntil()), Json.write(changes),
                nextDue == null ? "" : Long.toString(nextDue), attempt ? "1" : "0");
        return done != null && done == 1L;
    }

    /** A due entry whose delivery hash is gone. */
    public void drop(String id) {
        redis.zrem(DUE, id);
    }
}
