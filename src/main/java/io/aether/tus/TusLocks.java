package io.aether.tus;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.aether.store.GiveBack;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request at a time per upload, across all replicas: a Redis key with a random token and a short
 * lease. While this process works on an upload it renews the lease; if the process dies the lease runs
 * out and another replica may continue. Every write to the upload checks the token (see TusStore), so
 * a holder that lost its lease cannot corrupt what the next holder does.
 */
public final class TusLocks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TusLocks.class);
    private static final String RENEW = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return 0
            """;
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    private final RedisCommands<String, String> redis;
    private final long leaseMs;
    private final String owner = ManagementFactory.getRuntimeMXBean().getName();
    /** Only the locks this process holds right now, to renew them; nothing about the uploads themselves. */
    private final Map<String, String> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewals;

    /** @param renewals renews the held locks; Camel's, named and stopped with the context */
    public TusLocks(RedisCommands<String, String> redis, long leaseMs, ScheduledExecutorService renewals) {
        this.redis = redis;
        this.renewals = renewals;
        this.leaseMs = leaseMs;
        long every = Math.max(100, leaseMs / 3);
        renewals.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
    }

    /** The lock's token, or empty when another request holds it. */
    public Optional<String> acquire(String id) {
        String token = owner + ":" + UUID.randomUUID();
        String ok = redis.set(TusStore.lockKey(id), token, SetArgs.Builder.nx().px(leaseMs));
        if (!"OK".equals(ok)) {
            return Optional.empty();
        }
        held.put(token, id);
        return Optional.of(token);
    }

    /** Gives the lock back; the answer that waits for it waits at most {@link GiveBack#WAIT_MS}. */
    public void release(String id, String token) {
        if (token == null) {
            return;
        }
        held.remove(token);
        GiveBack.run(renewals, () -> redis.eval(RELEASE, ScriptOutputType.INTEGER,
                new String[] {TusStore.lockKey(id)}, token),
                e -> LOG.warn("Could not release the lock on upload {} (its lease runs out): {}", id, e.toString()));
    }

    private void renewAll() {
        held.forEach((token, id) -> {
            try {
                Long kept = redis.eval(RENEW, ScriptOutputType.INTEGER, new String[] {TusStore.lockKey(id)}, token,
                        Long.toString(leaseMs));
                if (kept == null || kept == 0) {
                    // the next guarded write fails and the request ends; stop renewing a lock that is gone
                    held.remove(token);
                    LOG.warn("Lost the lock on upload {}", id);
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not renew the lock on upload {}: {}", id, e.toString());
            }
        });
    }

    @Override
    public void close() {
        renewals.shutdownNow();
    }
}
