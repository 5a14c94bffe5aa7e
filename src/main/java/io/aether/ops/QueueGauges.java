package io.aether.ops;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.aether.jobs.JobState;
import io.aether.store.VideoStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue's length and pending entries and the jobs by state, read from Redis every few seconds
 * on one thread, so a scrape never waits on Redis. They describe the whole cluster: every replica
 * shows the same numbers (take the max in queries). While Redis does not answer they are NaN,
 * not the last value seen.
 */
final class QueueGauges implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueueGauges.class);
    static final String STREAM = "aether:queue:transcode";
    static final String GROUP = "workers";

    private final RedisClient client;
    private final long periodMs;
    private final Map<String, Double> values = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private StatefulRedisConnection<String, String> connection;

    /** @param timer polls the queue; Camel's, named and stopped with the context */
    QueueGauges(RedisClient client, long periodMs, ScheduledExecutorService timer) {
        this.client = client;
        this.timer = timer;
        this.periodMs = periodMs;
    }

    void register(MeterRegistry registry) {
        gauge(registry, "aether.queue.length", "length", "Entries in the job stream: jobs waiting or running");
        gauge(registry, "aether.queue.pending", "pending",
                "Entries delivered to a worker and not yet acknowledged: running, or stalled until their lease ends");
        for (JobState state : JobState.values()) {
            Gauge.builder("aether.jobs", values, v -> v.getOrDefault(state.wire(), Double.NaN))
                    .description("Videos by job state, counted since this release began recording them")
                    .tag("state", state.wire()).register(registry);
        }
        timer.scheduleWithFixedDelay(this::poll, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    private void gauge(MeterRegistry registry, String name, String key, String description) {
        Gauge.builder(name, values, v -> v.getOrDefault(key, Double.NaN)).description(description).register(registry);
    }

    void poll() {
        try {
            if (connection == null) {
                connection = client.connect();
            }
            RedisCommands<String, String> redis = connection.sync();
            values.put("length", (double) redis.xlen(STREAM));
            values.put("pending", (double) pending(redis));
            Map<String, String> states = redis.hgetall(VideoStore.STATES);
            for (JobState state : JobState.values()) {
                values.put(state.wire(), (double) Math.max(0, parse(states.get(state.wire()))));
            }
        } catch (RuntimeException e) {
            values.clear();
            LOG.debug("Could not read the queue's gauges: {}", e.toString());
        }
    }

    /** No stream or no group yet (no worker has started) means nothing is pending. */
    private static long pending(RedisCommands<String, String> redis) {
        try {
            return redis.xpending(STREAM, GROUP).getCount();
        } catch (RedisCommandExecutionException e) {
            if (String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
                return 0;
            }
            throw e;
        }
    }

    private static long parse(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (connection != null) {
            connection.close();
        }
    }
}
