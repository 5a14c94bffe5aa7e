package io.aether.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.aether.it.Services;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.models.stream.PendingMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The jobqueue consumer's slots on a real Redis: jobs run side by side, one per consumer thread, each
 * with its own lease; a job that asks for the machine ({@link Slot#alone()}) first runs beside the
 * others, then alone.
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
        // as in the application (camel.main.dev-console-enabled): once, starting its registry raced a
        // ConcurrentModificationException inside Camel under a loaded fast tier
        context.setDevConsole(false);
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
                from("jobqueue:slots?concurrentConsumers=3").process(this::work).to("mock:done");
            }

            /** A job of kind whole-N probes beside the others (probe-N), then asks for the machine. */
            private void work(Exchange exchange) throws InterruptedException {
                String kind = exchange.getMessage().getHeader("kind", String.class);
                if (kind.startsWith("whole")) {
                    run(exchange, kind.replace("whole", "probe"), RUN_MS / 4);
                    if (!Slot.of(exchange).alone()) {
                        spans.add(new Span("handed-back", 0, 0, ""));
                        exchange.setProperty(JobQueueEndpoint.HAND_BACK, true);
                        return;
                    }
                }
                run(exchange, kind, RUN_MS);
            }

            private void run(Exchange exchange, String kind, long ms) throws InterruptedException {
                long start = System.nanoTime();
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                // past the lease: only each slot's own renewal keeps the others off its job
                Thread.sleep(ms);
                running.decrementAndGet();
                spans.add(new Span(kind, start, System.nanoTime(),
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
    void aJobProbesBesideThePartsThenRunsAloneAndNoPartStartsWhileItDoes() throws Exception {
        MockEndpoint done = getMockEndpoint("mock:done");
        done.expectedMessageCount(5);
        template.sendBody("direct:enqueue", Map.of("videoId", "v", "part", "chunk", "kind", "part-0"));
        template.sendBody("direct:enqueue", Map.of("videoId", "v", "kind", "whole-0"));
        template.sendBody("direct:enqueue", Map.of("videoId", "v", "part", "chunk", "kind", "part-1"));
        template.sendBody("direct:enqueue", Map.of("videoId", "v", "part", "chunk", "kind", "part-2"));
        template.sendBody("direct:enqueue", Map.of("videoId", "w", "kind", "whole-1"));
        // five runs, at most three of them side by side: generous for a loaded machine
        done.assertIsSatisfied(20 * RUN_MS);
        assertAloneWhenWhole();
        Span probe = span("probe-0");
        assertTrue(spans.stream().anyMatch(s -> s.kind().startsWith("part") && s.overlaps(probe)),
                "the probe ran beside a part: " + spans);
        Thread.sleep(2 * LEASE_MS);
        assertEquals(7, spans.size(), "each ran once: waiting for the machine past the lease kept the job: " + spans);
        assertEquals(0, redis.sync().xlen("aether:queue:slots"), "all acknowledged");
    }

    @Test
    void twoJobsAskingForTheMachineAtOnceRunAloneOneAfterTheOther() throws Exception {
        MockEndpoint done = getMockEndpoint("mock:done");
        done.expectedMessageCount(2);
        template.sendBody("direct:enqueue", Map.of("videoId", "v", "kind", "whole-0"));
        template.sendBody("direct:enqueue", Map.of("videoId", "w", "kind", "whole-1"));
        done.assertIsSatisfied(10 * RUN_MS);
        assertTrue(span("probe-0").overlaps(span("probe-1")), "both probed at once, so both asked at once: " + spans);
        assertAloneWhenWhole();
    }

    @Test
    void aJobWaitingForTheMachineWhenTheWorkerStopsGoesBackToTheQueue() throws Exception {
        template.sendBody("direct:enqueue", Map.of("videoId", "v", "part", "chunk", "kind", "part-0"));
        template.sendBody("direct:enqueue", Map.of("videoId", "w", "kind", "whole-0"));
        long deadline = System.nanoTime() + 10 * RUN_MS * 1_000_000;
        while (spans.stream().noneMatch(s -> s.kind().equals("probe-0"))) {
            assertTrue(System.nanoTime() < deadline, "never probed: " + spans);
            Thread.sleep(20);
        }
        context.stop();
        assertEquals(List.of("probe-0", "handed-back", "part-0"), spans.stream().map(Span::kind).toList(),
                "the part ran to its end; the job waiting for the machine never ran alone");
        String whole = redis.sync().xrange("aether:queue:slots", Range.create("-", "+")).stream()
                .filter(e -> e.getBody().get("kind").equals("whole-0")).findFirst().orElseThrow().getId();
        PendingMessage pending = redis.sync().xpending("aether:queue:slots", "workers", Range.create("-", "+"),
                Limit.from(10)).stream().filter(p -> p.getId().equals(whole)).findFirst()
                .orElseThrow(() -> new AssertionError("the job that waited is no longer pending"));
        // handed back, not left to its lease: idle as long as a lease, so the next worker takes it over at once
        assertTrue(pending.getMsSinceLastDelivery() >= LEASE_MS, pending.toString());
        assertEquals(1, pending.getRedeliveryCount(), "not counted again");
    }

    private Span span(String kind) {
        return spans.stream().filter(s -> s.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in " + spans));
    }

    private void assertAloneWhenWhole() {
        for (Span whole : spans.stream().filter(s -> s.kind().startsWith("whole")).toList()) {
            for (Span other : spans) {
                assertTrue(other == whole || !whole.overlaps(other), whole + " ran beside " + other);
            }
        }
    }
}
