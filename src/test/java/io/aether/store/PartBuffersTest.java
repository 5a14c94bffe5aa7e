package io.aether.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class PartBuffersTest {
    private static final int MIB = 1024 * 1024;

    @Test
    void buffersAreReusedAndTheBudgetComesBack() throws Exception {
        PartBuffers buffers = new PartBuffers(8L * MIB, 32L * MIB, 100);
        assertEquals(4, buffers.capacity());
        byte[] first = buffers.take();
        assertEquals(8 * MIB, first.length);
        assertEquals(24L * MIB, buffers.availableBytes());
        buffers.give(first);
        assertSame(first, buffers.take(), "a given-back buffer is used again, not a new array");
    }

    @Test
    void aSpentBudgetMakesTheNextUploadWaitThenGiveUp() throws Exception {
        PartBuffers buffers = new PartBuffers(8L * MIB, 16L * MIB, 200);
        byte[] a = buffers.take();
        byte[] b = buffers.take();
        long started = System.nanoTime();
        PartBuffers.Busy busy = assertThrows(PartBuffers.Busy.class, buffers::take);
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(150), "it waited first");
        assertTrue(busy.getMessage().contains("16 MiB"), busy.getMessage());
        // a buffer given back while another upload waits goes to that upload
        CompletableFuture<byte[]> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return buffers.take();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        buffers.give(a);
        assertSame(a, waiting.get(5, TimeUnit.SECONDS));
        buffers.give(b);
    }

    @Test
    void partsOfAnotherSizeShareTheBudget() throws Exception {
        PartBuffers buffers = new PartBuffers(8L * MIB, 16L * MIB, 100);
        byte[] old = buffers.take(5 * MIB);
        assertEquals(5 * MIB, old.length);
        assertEquals(11L * MIB, buffers.availableBytes(), "5 MiB counted");
        buffers.take();
        assertThrows(PartBuffers.Busy.class, buffers::take, "8 + 5 MiB of 16 leave no room for another 8");
        buffers.give(old);
        assertEquals(8 * MIB, buffers.take().length);
    }

    @Test
    void theDefaultBudgetIsHalfTheHeap() {
        assertEquals(256L * MIB, PartBuffers.budget(0, 512L * MIB));
        assertEquals(64L * MIB, PartBuffers.budget(64L * MIB, 512L * MIB));
        assertThrows(IllegalArgumentException.class, () -> new PartBuffers(8L * MIB, 4L * MIB, 100),
                "a budget must hold one part at least");
    }
}
