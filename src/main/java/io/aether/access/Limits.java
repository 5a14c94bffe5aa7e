package io.aether.access;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.aether.Keys;
import io.aether.errors.TooLarge;
import io.aether.http.Replies;
import io.aether.store.GiveBack;
import io.aether.web.UploadGate;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-key upload limits, counted in Redis so they hold across replicas: upload bodies in flight at
 * once (multipart POSTs, tus PATCHes and creations with a body) and upload bytes per clock hour.
 * Beyond either: 429 with Retry-After. A body's slot is a lease, renewed while it streams and given
 * back when its exchange ends whatever the outcome (a client gone included); a replica that dies
 * holding one loses it when the lease runs out.
 */
public final class Limits implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Limits.class);
    private static final String PREFIX = "aether:limits:";
    private static final String SLOT = "AetherLimitSlot";
    private static final String RESERVED = "AetherLimitBytes";
    private static final long HOUR_MS = Duration.ofHours(1).toMillis();

    /** Drops dead leases, then takes a slot if one is free; returns 1 or 0. */
    private static final String ACQUIRE = """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
            redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            return 1
            """;
    /** Adds the declared bytes unless the hour's allowance would be passed; returns 1 or 0. */
    private static final String RESERVE = """
            local used = tonumber(redis.call('GET', KEYS[1]) or '0')
            if used + tonumber(ARGV[1]) > tonumber(ARGV[2]) then return 0 end
            redis.call('INCRBY', KEYS[1], ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """;

    /** Corrects the hour by what arrived; the count and its end are set together, so no crash leaves one without. */
    private static final String CHARGE = """
            redis.call('INCRBY', KEYS[1], ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """;
    /** Keeps a slot, and the set of slots with it: the set's end is the latest lease in it. */
    private static final String RENEW = """
            if not redis.call('ZSCORE', KEYS[1], ARGV[2]) then return 0 end
            redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """;

    private final RedisCommands<String, String> redis;
    private final LimitSettings settings;
    /** Slots this replica holds: token -> its key's set, renewed every third of the lease. */
    private final Map<String, String> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewer;

    /** @param renewer renews the held slots; Camel's, named and stopped with the context */
    public Limits(RedisCommands<String, String> redis, LimitSettings settings, ScheduledExecutorService renewer) {
        this.redis = redis;
        this.renewer = renewer;
        this.settings = settings;
        long every = Math.max(1, settings.slotLeaseMs() / 3);
        renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /** Before an upload body is read: a slot and the declared bytes for the caller's key, or 429. */
    public void admit(Exchange exchange) {
        HttpServerRequest request = Replies.request(exchange);
        String keyId = exchange.getProperty(Keys.KEY_ID, String.class);
        if (request == null || keyId == null || exchange.getProperty(SLOT) != null
                || !UploadGate.carriesUpload(request)) {
            return;
        }
        long now = System.currentTimeMillis();
        String slots = PREFIX + keyId + ":uploads";
        String token = UUID.randomUUID().toString();
        Long got = redis.eval(ACQUIRE, ScriptOutputType.INTEGER, new String[] {slots}, Long.toString(now),
                Integer.toString(settings.concurrentUploads()), Long.toString(now + settings.slotLeaseMs()), token,
                Long.toString(settings.slotLeaseMs()));
        if (got == null || got != 1L) {
            throw new LimitReached("this key already sends " + settings.concurrentUploads()
                    + " uploads at once; retry when one has finished", 1);
        }
        held.put(token, slots);
        try {
            reserve(keyId, declared(request), now);
        } catch (RuntimeException refused) {
            // the route's onCompletion, which gives slots back, is not registered yet at this step; given
            // back as it does, so a Redis that stalled after the slot was taken holds the answer one Redis
            // timeout, not two
            GiveBack.run(renewer, () -> free(token), e -> { });
            throw refused;
        }
        exchange.setProperty(SLOT, token);
        exchange.setProperty(RESERVED, declared(request));
    }

    private void reserve(String keyId, long declared, long now) {
        if (declared > settings.uploadBytesPerHour()) {
            throw new TooLarge("the upload is larger than this key's hourly allowance of "
                    + settings.uploadBytesPerHour() + " bytes");
        }
        Long reserved = redis.eval(RESERVE, ScriptOutputType.INTEGER, new String[] {hourKey(keyId, now)},
                Long.toString(declared), Long.toString(settings.uploadBytesPerHour()), Long.toString(2 * HOUR_MS));
        if (reserved == null || reserved != 1L) {
            throw new LimitReached("this key has sent its " + settings.uploadBytesPerHour()
                    + " upload bytes for this hour", (HOUR_MS - now % HOUR_MS + 999) / 1000);
        }
    }

    /**
     * When the exchange ends, answered or failed: the slot goes back, and the hour is charged what
     * arrived rather than what was declared (a body without a length is charged only now).
     */
    public void release(Exchange exchange) {
        String token = exchange.getProperty(SLOT, String.class);
        if (token == null) {
            return;
        }
        exchange.removeProperty(SLOT);
        Long reserved = exchange.getProperty(RESERVED, Long.class);
        HttpServerRequest request = Replies.request(exchange);
        long difference = reserved != null && request != null ? request.bytesRead() - reserved : 0;
        String keyId = exchange.getProperty(Keys.KEY_ID, String.class);
        GiveBack.run(renewer, () -> {
            free(token);
            charge(keyId, difference);
        }, e -> LOG.warn("Could not give an upload slot back: {}", e.toString()));
    }

    /** The hour is charged what arrived rather than what was declared. */
    private void charge(String keyId, long difference) {
        if (difference == 0) {
            return;
        }
        try {
            redis.eval(CHARGE, ScriptOutputType.INTEGER, new String[] {hourKey(keyId, System.currentTimeMillis())},
                    Long.toString(difference), Long.toString(2 * HOUR_MS));
        } catch (RuntimeException e) {
            LOG.warn("Could not correct an upload's bytes for its key's hour: {}", e.toString());
        }
    }

    private void free(String token) {
        String slots = held.remove(token);
        try {
            if (slots != null) {
                redis.zrem(slots, token);
            }
        } catch (RuntimeException e) {
            // the lease frees the slot soon anyway
            LOG.warn("Could not give an upload slot back: {}", e.toString());
        }
    }

    private void renew() {
        long until = System.currentTimeMillis() + settings.slotLeaseMs();
        held.forEach((token, slots) -> {
            try {
                redis.eval(RENEW, ScriptOutputType.INTEGER, new String[] {slots}, Long.toString(until), token,
                        Long.toString(settings.slotLeaseMs()));
            } catch (RuntimeException e) {
                LOG.debug("Could not renew an upload slot: {}", e.toString());
            }
        });
    }

    private static long declared(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        try {
            return length == null ? 0 : Math.max(0, Long.parseLong(length.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String hourKey(String keyId, long now) {
        return PREFIX + keyId + ":bytes:" + now / HOUR_MS;
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }
}
