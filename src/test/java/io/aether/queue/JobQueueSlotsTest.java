package io.aether.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.aether.it.Services;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The jobqueue consumer's slots on a real Redis: entries with the shared field run side by side, one
 * per consumer thread, each with its own lease; any other entry runs alone.
 */
class JobQueueSlotsTest extends CamelTestSupport {
    private static final int DB = 4;
    private static final long LEASE_MS = 600;
    private static final long RUN_MS = 4 * LEASE_MS;

    /** What ran when: kind, start and end in nanoseconds, and the consumer that held it. */
    private record Span(String kind, long start, long end, String consumer) {
        boolean overlaps(Span other) {
            return start < other.end && other.start < end;
        }
    }

    private final List<Span> spans = new CopyOnWriteArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private StatefulRedisConnection<String, String> redis;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        redis = Services.freshRedis(DB);
        CamelContext context = super.createCamelContext();
        context.addComponent("jobqueue", new JobQueueComponent(RedisClient.create(Services.redisUrl(DB)), LEASE_MS));
        return context;
    }

    @AfterEach
    void closeRedis() {
        redis.close();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:enqueue").to("jobqueue:slots");
                from("jobqueue:slots?concurrentConsumers=3&sharedWhen=part").process(this::work).to("mock:done");
            }

            private void work(Exchange exchange) throws InterruptedException {
                long start = System.nanoTime();
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                // past the lease: only each slot's own renewal keeps the others off its job
                Thread.sleep(RUN_MS);
                running.decrementAndGet();
                spans.add(new Span(exchange.getMessage().getHeader("kind", String.class), start, System.nanoTime(),
                        exchange.getMessage().getHeader(JobQueueEndpoint.WORKER, String.class)));
            }
        };
    }

    @Test
    void partsRunSideBySideEachOnItsOwnLease() throws Exception {
        MockEndpoint done = getMockEndpoint("mock:done");
        done.expectedMessageCount(3);
        for (int i = 0; i < 3; i++) {
            template.sendBody("direct:enqueue", Map.of("videoId", "v", "part", "chunk", "kind", "part-" + i));
        }
        done.assertIsSatisfied(10 * RUN_MS);
        assertEquals(3, mostAtOnce.get(), "three slots, three parts at once: " + spans);
        assertEquals(3, spans.stream().map(Span::consumer).distinct().count(), "each slot is a consumer of its own");
        Thread.sleep(2 * LEASE_MS);
        assertEquals(3, spans.size(), "no part was taken over while its slot held it");
        assertEquals(0, redis.sync().xlen("aether:queue:slots"), "all acknowledged");
    }

    @Test
    void aWholeJobWaitsForRunningPartsAndNoPartStartsWhileItRuns() throws Exception {
        MockEndpoint done = getMockEndpoint("mock:done");
        done.expectedMessageCount(5);
        template.sendBody("direct:enqueue", Map.of("videoId", "v", "part", "chunk", "kind", "part-0"));
        template.sendBody("direct:enqueue", Map.of("videoId", "v", "kind", "whole-0"));
        template.sendBody("direct:enqueue", Map.of("videoId", "v", "part", "chunk", "kind", "part-1"));
        template.sendBody("direct:enqueue", Map.of("videoId", "v", "part", "chunk", "kind", "part-2"));
        template.sendBody("direct:enqueue", Map.of("videoId", "w", "kind", "whole-1"));
        // five runs, at most three of them side by side: generous for a loaded machine
        done.assertIsSatisfied(20 * RUN_MS);
        for (Span whole : spans.stream().filter(s -> s.kind().startsWith("whole")).toList()) {
            for (Span other : spans) {
                assertTrue(other == whole || !whole.overlaps(other), whole + " ran beside " + other);
            }
        }
        // which of part-0 and whole-0 reaches the gate first is up to the consumers' timing: either way the
        // parts that wait meanwhile run side by side afterwards
        assertTrue(mostAtOnce.get() >= 2, "parts ran side by side: " + spans);
    }
}
