package io.aether.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loop alone, with a store whose parts arrive when the test says so. */
class PartPipelineTest {
    private static final int MIB = 1024 * 1024;
    private static final long BUDGET = 16L * MIB;
    /** Parts of 8 bytes, each buffer counted as 1 MiB of the budget. */
    private final PartBuffers buffers = new PartBuffers(8, BUDGET, 1000);
    private final List<CompletableFuture<String>> sent = Collections.synchronizedList(new ArrayList<>());
    private final List<String> stored = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService writer = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        writer.shutdownNow();
    }

    private PartPipeline pipeline(PartPipeline.Stored listener) throws IOException {
        return new PartPipeline(buffers, 8, 2, (buffer, length) -> {
            CompletableFuture<String> part = new CompletableFuture<>();
            sent.add(part);
            return part;
        }, listener, new byte[0], 0);
    }

    private void waitForParts(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sent.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(100); // time for a part too many to be sent
        assertEquals(n, sent.size());
    }

    @Test
    void atMostInFlightPartsTravelAndEachIsHeardOfInOrder() throws Exception {
        PartPipeline pipeline = pipeline((part, end) -> stored.add(part + "@" + end));
        Future<?> pumping = writer.submit(() -> {
            pipeline.pump(new ByteArrayInputStream(new byte[36]));
            return null;
        });
        waitForParts(2);
        assertFalse(pumping.isDone(), "the reader waits while two parts travel");
        assertEquals(BUDGET - 3L * MIB, buffers.availableBytes(), "two parts on their way and one filling");
        sent.get(1).complete("b");
        assertEquals(List.of(), stored, "the second part waits for the first");
        sent.get(0).complete("a");
        // the waiting writer may run the delivery as well as the thread that completed the part
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (stored.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(List.of("a@8", "b@16"), stored);
        waitForParts(4);
        sent.get(2).complete("c");
        sent.get(3).complete("d");
        pumping.get(5, TimeUnit.SECONDS);
        assertEquals(4, pipeline.rest().length, "four bytes after the last full part");
        pipeline.sendLast();
        sent.get(4).complete("e");
        pipeline.settle();
        pipeline.close();
        assertEquals(List.of("a@8", "b@16", "c@24", "d@32", "e@36"), stored);
        assertEquals(BUDGET, buffers.availableBytes(), "every buffer came back");
    }

    @Test
    void aListenerThatFailsEndsTheWriteWithItsFailure() throws Exception {
        IllegalStateException lost = new IllegalStateException("lock lost");
        PartPipeline pipeline = pipeline((part, end) -> {
            throw lost;
        });
        Future<?> pumping = writer.submit(() -> {
            pipeline.pump(new ByteArrayInputStream(new byte[40]));
            return null;
        });
        waitForParts(2);
        sent.get(0).complete("a");
        ExecutionException e = assertThrows(ExecutionException.class, () -> pumping.get(5, TimeUnit.SECONDS));
        assertSame(lost, e.getCause());
        sent.forEach(part -> part.complete("x"));
        pipeline.close();
        assertEquals(BUDGET, buffers.availableBytes(), "every buffer came back");
    }
}
