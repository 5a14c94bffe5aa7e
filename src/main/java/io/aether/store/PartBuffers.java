package io.aether.store;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The part buffers every upload of a replica fills, multipart POST and tus alike: one budget of bytes,
 * so that they fit the heap whatever the number of uploads, and reused, since a fresh 8 MiB array per
 * part is zeroed by the JVM and, being humongous to G1, costs a collection to give back. An upload that
 * finds the budget spent waits (its client is held back by TCP); past {@code waitMs} it gives up with
 * {@link Busy}. Parts of another size (a tus upload begun under an older setting) share the budget.
 */
public final class PartBuffers {
    /** The share of the heap parts may take; the rest is Camel, Vert.x, Lettuce and the requests. */
    private static final double HEAP_SHARE = 0.5;
    /** The budget is counted in these; a buffer takes as many as it needs, rounded up. */
    private static final int UNIT = 1024 * 1024;

    private final int partSize;
    private final long budget;
    private final long waitMs;
    private final Semaphore units;
    private final Map<Integer, ConcurrentLinkedDeque<byte[]>> free = new ConcurrentHashMap<>();

    /**
     * @param partSize the size most uploads use, the one {@link #take()} gives
     * @param budget bytes all buffers together may hold
     */
    public PartBuffers(long partSize, long budget, long waitMs) {
        if (partSize < 1 || partSize > Integer.MAX_VALUE - 16 || budget < partSize) {
            throw new IllegalArgumentException("part size " + partSize + ", budget " + budget);
        }
        this.partSize = (int) partSize;
        this.budget = budget;
        this.waitMs = waitMs;
        this.units = new Semaphore((int) Math.min(Integer.MAX_VALUE, budget / UNIT), true);
    }

    /** The budget: {@code configured} bytes when above 0, else half the heap. */
    public static long budget(long configured, long maxHeap) {
        return configured > 0 ? configured : (long) (maxHeap * HEAP_SHARE);
    }

    public int partSize() {
        return partSize;
    }

    /** How many parts of the usual size fit in the budget. */
    public int capacity() {
        return (int) (budget / UNIT / units(partSize));
    }

    /** Bytes of the budget no upload holds now. */
    public long availableBytes() {
        return (long) units.availablePermits() * UNIT;
    }

    /** A buffer of the usual size. */
    public byte[] take() throws IOException {
        return take(partSize);
    }

    /** A buffer of {@code size} bytes, whose content is whatever its last user left; give it back once. */
    public byte[] take(int size) throws IOException {
        try {
            if (!units.tryAcquire(units(size), waitMs, TimeUnit.MILLISECONDS)) {
                throw new Busy(budget, waitMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a part buffer", e);
        }
        ConcurrentLinkedDeque<byte[]> same = free.get(size);
        byte[] buffer = same == null ? null : same.poll();
        if (buffer == null) {
            // arrays of other sizes that nobody holds would be memory beyond the budget
            free.forEach((other, list) -> {
                if (other != size) {
                    list.clear();
                }
            });
            buffer = new byte[size];
        }
        return buffer;
    }

    /** Returns a buffer once nothing reads it any more (its part has arrived, or failed). */
    public void give(byte[] buffer) {
        free.computeIfAbsent(buffer.length, n -> new ConcurrentLinkedDeque<>()).push(buffer);
        units.release(units(buffer.length));
    }

    private static int units(int size) {
        return (size + UNIT - 1) / UNIT;
    }

    /** The budget stayed spent by other uploads for the whole wait: the replica is full, the client should retry. */
    public static final class Busy extends IOException {
        Busy(long budget, long waitMs) {
            super("the " + budget / UNIT + " MiB of part buffers stayed in use for " + waitMs + " ms");
        }
    }
}
