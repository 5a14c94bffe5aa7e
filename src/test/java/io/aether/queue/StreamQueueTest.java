package io.aether.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.aether.it.Services;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Handing a job back and removing dead workers' consumers, on a real Redis. */
class StreamQueueTest {
    private static final int DB = 10;
    private static final long LEASE_MS = 60_000;
    private StatefulRedisConnection<String, String> redis;
    private StreamQueue queue;

    @BeforeEach
    void open() {
        redis = Services.freshRedis(DB);
        queue = new StreamQueue(redis.sync(), "jobs");
        queue.ensureGroup();
    }

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void aHandedBackJobIsTakenByAnotherWorkerLongBeforeTheLease() {
        String id = queue.add(Map.of("videoId", "v1"));
        StreamMessage<String, String> taken = queue.next("stopping", 100).orElseThrow();
        assertEquals(id, taken.getId());
        assertTrue(queue.claimStalled("other", LEASE_MS).isEmpty(), "a fresh job is not stalled");

        assertTrue(queue.handBack("stopping", id, LEASE_MS));
        StreamMessage<String, String> takenOver = queue.claimStalled("other", LEASE_MS).orElseThrow();
        assertEquals(id, takenOver.getId());
        assertEquals("v1", takenOver.getBody().get("videoId"));
        assertEquals(1, queue.pending(), "handed back, never acknowledged");
    }

    @Test
    void jobsWaitingAreThoseNoWorkerHolds() {
        assertEquals(0, queue.waiting());
        queue.add(Map.of("videoId", "v5"));
        queue.add(Map.of("videoId", "v6"));
        queue.add(Map.of("videoId", "v7"));
        assertEquals(3, queue.waiting());
        StreamMessage<String, String> taken = queue.next("worker", 100).orElseThrow();
        assertEquals(2, queue.waiting(), "one is held");
        queue.ack(taken.getId());
        assertEquals(2, queue.waiting(), "the finished one is gone, not waiting");
        queue.ack(queue.next("worker", 100).orElseThrow().getId());
        queue.ack(queue.next("worker", 100).orElseThrow().getId());
        assertEquals(0, queue.waiting());
    }

    @Test
    void aWorkerCannotHandBackAJobItNoLongerHolds() {
        String id = queue.add(Map.of("videoId", "v2"));
        queue.next("first", 100).orElseThrow();
        assertTrue(queue.handBack("first", id, LEASE_MS));
        queue.claimStalled("second", LEASE_MS).orElseThrow();
        assertFalse(queue.handBack("first", id, LEASE_MS), "the job is the second worker's now");
        assertFalse(queue.renew("first", id));
        assertTrue(queue.claimStalled("third", LEASE_MS).isEmpty(), "nothing was given away");
    }

    @Test
    void consumersOfDeadWorkersGoOnceTheirJobsAreTakenOver() throws Exception {
        String id = queue.add(Map.of("videoId", "v3"));
        queue.next("dead", 100).orElseThrow();
        Thread.sleep(300);
        // the dead worker still holds its job: it must stay, or its pending entry would be lost
        assertEquals(0, queue.pruneConsumers(200));
        assertTrue(consumers().contains("dead"));

        redis.sync().xclaim(queue.stream(), io.lettuce.core.Consumer.from("workers", "alive"), 0, id);
        // a live worker with nothing pending has read a moment ago
        queue.add(Map.of("videoId", "v4"));
        queue.ack(queue.next("idle-but-alive", 100).orElseThrow().getId());
        assertEquals(1, queue.pruneConsumers(200));
        assertEquals(Set.of("alive", "idle-but-alive"), consumers());
        assertEquals(1, queue.pending(), "the job itself is still there");
    }

    private Set<String> consumers() {
        return redis.sync().xinfoConsumers(queue.stream(), "workers").stream()
                .map(c -> {
                    java.util.List<?> fields = (java.util.List<?>) c;
                    return String.valueOf(fields.get(fields.indexOf("name") + 1));
                })
                .collect(Collectors.toSet());
    }
}
