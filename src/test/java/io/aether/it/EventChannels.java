package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.lettuce.core.KillArgs;
import io.lettuce.core.api.StatefulRedisConnection;

/** The Redis channels of the live events ({@code aether:events:ID}) as the API replicas subscribe to them. */
final class EventChannels {
    private EventChannels() {
    }

    static long subscribers(StatefulRedisConnection<String, String> redis, String id) {
        Map<String, Long> counts = redis.sync().pubsubNumsub("aether:events:" + id);
        Long count = counts.get("aether:events:" + id);
        return count == null ? 0 : count;
    }

    static void awaitSubscribers(StatefulRedisConnection<String, String> redis, String id, long expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (subscribers(redis, id) != expected) {
            assertTrue(System.nanoTime() < deadline,
                    "subscribers of " + id + ": " + subscribers(redis, id) + ", not " + expected);
            Thread.sleep(100);
        }
    }

    /** Drops the pub/sub connections in a database: those of the API replicas that alone use it. */
    static void killSubscriptions(StatefulRedisConnection<String, String> redis, int db) {
        List<String> killed = new ArrayList<>();
        for (String line : redis.sync().clientList().split("\n")) {
            if (line.contains(" db=" + db + " ") && !line.contains(" sub=0 ")) {
                String clientId = line.replaceAll("^id=(\\d+) .*$", "$1").trim();
                redis.sync().clientKill(KillArgs.Builder.id(Long.parseLong(clientId)));
                killed.add(clientId);
            }
        }
        assertFalse(killed.isEmpty(), "no pub/sub connection found in db " + db);
    }
}
