package io.aether.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.aether.it.Services;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The jobqueue component on a real Redis: delivery, acknowledgement, stalled-entry recovery and leases. */
class JobQueueComponentTest extends CamelTestSupport {
    private static final int DB = 4;
    private static final long LEASE_MS = 600;
    private final List<String> seenBy = new CopyOnWriteArrayList<>();
    private StatefulRedisConnection<String, String> redis;
    private RedisClient client;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        redis = Services.freshRedis(DB);
        client = RedisClient.create(Services.redisUrl(DB));
        CamelContext context = super.createCamelContext();
        context.addComponent("jobqueue", new JobQueueComponent(client, LEASE_MS));
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
                from("direct:enqueue").to("jobqueue:jobs");
                from("jobqueue:jobs?concurrentConsumers=2")
                        .process(e -> seenBy.add(e.getMessage().getHeader(JobQueueEndpoint.WORKER, String.class)))
                        .choice()
                        .when(simple("${body[kind]} == 'crash'"))
                        // the first taker fails without handling it, as if it had died
                        .filter(e -> seenBy.size() == 1).throwException(new IllegalStateException("boom")).end()
                        .end()
                        .choice()
                        .when(simple("${body[kind]} == 'slow'")).delay(4 * LEASE_MS).end()
                        .end()
                        .to("mock:done");
            }
        };
    }

    @Test
    void anEnqueuedJobIsDeliveredOnceAndAcknowledged() throws Exception {
        MockEndpoint done = getMockEndpoint("mock:done");
        done.expectedMessageCount(1);
        template.sendBody("direct:enqueue", Map.of("videoId", "v1", "kind", "plain"));
        done.assertIsSatisfied(5000);
        assertEquals("v1", done.getExchanges().get(0).getMessage().getHeader("videoId"));
        Thread.sleep(2 * LEASE_MS);
        assertEquals(1, seenBy.size());
        assertEquals(0, redis.sync().xlen("aether:queue:jobs"), "acknowledged entries are deleted");
    }

    @Test
    void anEntryLeftUnacknowledgedIsTakenOverAfterTheLease() throws Exception {
        MockEndpoint done = getMockEndpoint("mock:done");
        done.expectedMessageCount(1);
        template.sendBody("direct:enqueue", Map.of("videoId", "v2", "kind", "crash"));
        done.assertIsSatisfied(10_000);
        assertEquals(2, seenBy.size(), "failed once, then taken over");
        // the entry is acknowledged just after the route has delivered it
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (redis.sync().xpending("aether:queue:jobs", "workers").getCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, redis.sync().xpending("aether:queue:jobs", "workers").getCount());
    }

    @Test
    void aLiveConsumerKeepsItsJobPastTheLease() throws Exception {
        MockEndpoint done = getMockEndpoint("mock:done");
        done.expectedMessageCount(1);
        template.sendBody("direct:enqueue", Map.of("videoId", "v3", "kind", "slow"));
        done.assertIsSatisfied(10_000);
        Thread.sleep(2 * LEASE_MS);
        assertEquals(1, seenBy.size(), "the other consumer must not take a job whose lease is renewed");
    }
}
