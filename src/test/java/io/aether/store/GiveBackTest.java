package io.aether.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GiveBackTest {
    private final ExecutorService owner = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        owner.shutdownNow();
    }

    @Test
    void aCallThatAnswersIsWaitedFor() {
        List<String> done = new CopyOnWriteArrayList<>();
        GiveBack.run(owner, () -> done.add("given back"), e -> done.add("failed"));
        assertEquals(List.of("given back"), done);
    }

    @Test
    void aStalledCallHoldsTheAnswerOnlyBrieflyAndItsLateFailureIsStillHeard() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch heard = new CountDownLatch(1);
        long started = System.nanoTime();
        GiveBack.run(owner, () -> {
            await(stalled);
            throw new IllegalStateException("Command timed out");
        }, e -> heard.countDown());
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMs >= GiveBack.WAIT_MS && tookMs < GiveBack.WAIT_MS + 1000, "answered after " + tookMs + " ms");
        assertEquals(1, heard.getCount(), "the failure is not heard before it happens");
        stalled.countDown();
        assertTrue(heard.await(5, TimeUnit.SECONDS), "a late failure reaches the handler");
    }

    @Test
    void anOwnerThatStoppedGivesBackOnTheCallersThread() {
        owner.shutdown();
        List<String> done = new CopyOnWriteArrayList<>();
        GiveBack.run(owner, () -> done.add(Thread.currentThread().getName()), e -> done.add("failed"));
        assertEquals(List.of(Thread.currentThread().getName()), done);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
