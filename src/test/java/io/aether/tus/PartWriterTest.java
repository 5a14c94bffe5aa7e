package io.aether.tus;

import static io.aether.tus.UnevenReads.network;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.aether.store.PartBuffers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PartWriterTest {
    private static final int PART = 8;
    private static final long BUDGET = 64L * 1024 * 1024;
    private final PartBuffers buffers = new PartBuffers(PART, BUDGET, 1000);

    /** Every buffer a write took goes back once its part has arrived or failed, whatever became of the write. */
    @AfterEach
    void everyBufferCameBack() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (buffers.availableBytes() != BUDGET && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(BUDGET, buffers.availableBytes(), "buffers still held after the write");
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] sha1(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-1").digest(data);
    }

    @Test
    void aLongBodyBecomesFullPartsCommittedOneByOneAndATail() throws Exception {
        byte[] body = bytes(30, 1);
        MemoryParts store = new MemoryParts(0, new byte[0]);
        long end = new PartWriter(buffers, PART, 2).write(network(body, Integer.MAX_VALUE), 0, 100, new byte[0], null, store);
        assertEquals(30, end);
        assertEquals(3, store.committedParts.size());
        store.committedParts.forEach(p -> assertEquals(PART, p.length, "every part but the last is full"));
        assertEquals(6, store.tail.length);
        assertEquals(List.of(8L, 16L, 24L, 30L), store.commitOffsets, "each part is acknowledged as it is stored");
        assertArrayEquals(body, store.stored());
    }

    @Test
    void theStoredTailIsTheStartOfTheNextPart() throws Exception {
        byte[] tail = bytes(3, 2);
        byte[] body = bytes(10, 3);
        MemoryParts store = new MemoryParts(3, tail);
        long end = new PartWriter(buffers, PART, 2).write(network(body, Integer.MAX_VALUE), 3, 100, tail, null, store);
        assertEquals(13, end);
        assertEquals(1, store.committedParts.size());
        byte[] expectedPart = new byte[PART];
        System.arraycopy(tail, 0, expectedPart, 0, 3);
        System.arraycopy(body, 0, expectedPart, 3, 5);
        assertArrayEquals(expectedPart, store.committedParts.get(0));
        assertArrayEquals(Arrays.copyOfRange(body, 5, 10), store.tail);
    }

    @Test
    void theLastByteFlushesTheTailAsASmallLastPart() throws Exception {
        byte[] body = bytes(20, 4);
        MemoryParts store = new MemoryParts(0, new byte[0]);
        long end = new PartWriter(buffers, PART, 2).write(network(body, Integer.MAX_VALUE), 0, 20, new byte[0], null, store);
        assertEquals(20, end);
        assertEquals(List.of(8, 8, 4), store.committedParts.stream().map(p -> p.length).toList());
        assertEquals(0, store.tail.length, "nothing left outside the parts");
        assertEquals(20, store.offset);
    }

    @Test
    void aMatchingChecksumCommitsEverythingOnceAtTheEnd() throws Exception {
        byte[] body = bytes(20, 5);
        MemoryParts store = new MemoryParts(0, new byte[0]);
        new PartWriter(buffers, PART, 2).write(network(body, Integer.MAX_VALUE), 0, 100, new byte[0], sha1(body), store);
        assertEquals(List.of(20L), store.commitOffsets, "one commit, after the whole body was verified");
        assertArrayEquals(body, store.stored());
    }

    @Test
    void aChecksumMismatchKeepsNothingOfTheBody() throws Exception {
        byte[] tail = bytes(5, 6);
        byte[] body = bytes(20, 7);
        MemoryParts store = new MemoryParts(5, tail);
        assertThrows(ChecksumMismatchException.class, () -> new PartWriter(buffers, PART, 2)
                .write(network(body, Integer.MAX_VALUE), 5, 100, tail, sha1(bytes(20, 8)), store));
        assertTrue(store.commitOffsets.isEmpty(), "no commit");
        assertEquals(5, store.offset);
        assertArrayEquals(tail, store.tail, "the earlier tail is untouched");
        assertTrue(store.uploaded.size() >= 2, "parts were stored on the way, but they are never listed");
    }

    @Test
    void aBrokenConnectionKeepsWhatArrived() throws Exception {
        byte[] body = bytes(30, 9);
        MemoryParts store = new MemoryParts(0, new byte[0]);
        assertThrows(IOException.class, () -> new PartWriter(buffers, PART, 2).write(network(body, 19), 0, 100, new byte[0], null,
                store));
        assertEquals(19, store.offset, "the bytes that arrived are acknowledged");
        assertArrayEquals(Arrays.copyOf(body, 19), store.stored());
    }

    @Test
    void aBrokenConnectionUnderAChecksumKeepsNothing() throws Exception {
        byte[] body = bytes(30, 10);
        MemoryParts store = new MemoryParts(0, new byte[0]);
        assertThrows(IOException.class, () -> new PartWriter(buffers, PART, 2).write(network(body, 19), 0, 100, new byte[0],
                sha1(body), store));
        assertTrue(store.commitOffsets.isEmpty(), "an unverified body is not kept");
    }

    @Test
    void aConnectionThatBreaksAfterTheLastByteStillFinishes() throws Exception {
        byte[] body = bytes(12, 11);
        MemoryParts store = new MemoryParts(0, new byte[0]);
        long end = new PartWriter(buffers, PART, 2).write(network(body, 12), 0, 12, new byte[0], null, store);
        assertEquals(12, end);
        assertEquals(0, store.tail.length);
        assertArrayEquals(body, store.stored());
    }

    @Test
    void aBodyRunningPastTheLengthIsRefusedWithoutKeepingTheOverflow() throws Exception {
        byte[] body = bytes(30, 12);
        MemoryParts store = new MemoryParts(0, new byte[0]);
        assertThrows(PastLengthException.class, () -> new PartWriter(buffers, PART, 2)
                .write(network(body, Integer.MAX_VALUE), 0, 20, new byte[0], null, store));
        assertTrue(store.offset <= 20, "never past the length: " + store.offset);
        assertArrayEquals(Arrays.copyOf(body, (int) store.offset), store.stored(), "what is kept is the client's bytes");
    }

    @Test
    void anEmptyBodyChangesNothing() throws Exception {
        MemoryParts store = new MemoryParts(4, bytes(4, 13));
        long end = new PartWriter(buffers, PART, 2).write(network(new byte[0], Integer.MAX_VALUE), 4, 10, store.tail, null, store);
        assertEquals(4, end);
        assertTrue(store.commitOffsets.isEmpty());
        assertTrue(store.uploaded.isEmpty());
    }

    @Test
    void aTailOfAWholePartIsABug() {
        MemoryParts store = new MemoryParts(8, bytes(8, 14));
        assertThrows(IllegalStateException.class, () -> new PartWriter(buffers, PART, 2)
                .write(network(new byte[0], Integer.MAX_VALUE), 8, 20, store.tail, null, store));
    }

    @Test
    void aPartTheStoreRefusesEndsTheWriteWithEverythingBeforeItKept() throws Exception {
        byte[] body = bytes(40, 15);
        MemoryParts store = new MemoryParts(0, new byte[0]) {
            @Override
            public synchronized CompletableFuture<String> upload(byte[] buffer, int length) {
                if (uploaded.size() == 2) {
                    uploaded.add(null);
                    return CompletableFuture.failedFuture(new java.io.IOException("object store down"));
                }
                return super.upload(buffer, length);
            }
        };
        IOException e = assertThrows(IOException.class, () -> new PartWriter(buffers, PART, 2)
                .write(network(body, Integer.MAX_VALUE), 0, 100, new byte[0], null, store));
        assertEquals("object store down", e.getMessage());
        assertEquals(16, store.offset, "the two parts stored before the failure stay acknowledged");
        assertArrayEquals(Arrays.copyOf(body, 16), store.stored());
    }

    @Test
    void aStoredPartIsAcknowledgedWhileTheClientIsQuiet() throws Exception {
        byte[] body = bytes(20, 16);
        java.util.concurrent.CountDownLatch resume = new java.util.concurrent.CountDownLatch(1);
        InputStream quietAfterTwelve = new InputStream() {
            final InputStream first = network(Arrays.copyOf(body, 12), Integer.MAX_VALUE);
            final InputStream rest = network(Arrays.copyOfRange(body, 12, 20), Integer.MAX_VALUE);
            boolean waited;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = first.read(b, off, len);
                if (n >= 0) {
                    return n;
                }
                if (!waited) {
                    waited = true;
                    try {
                        resume.await();
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                return rest.read(b, off, len);
            }
        };
        MemoryParts store = new MemoryParts(0, new byte[0]);
        java.util.concurrent.Future<Long> write = java.util.concurrent.Executors.newSingleThreadExecutor().submit(
                () -> new PartWriter(buffers, PART, 2).write(quietAfterTwelve, 0, 20, new byte[0], null, store));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (store.offset < 8 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(8, store.offset, "the first part is acknowledged as soon as it is stored");
        resume.countDown();
        assertEquals(20, write.get());
        assertArrayEquals(body, store.stored());
    }

    @Test
    void partsStoredOutOfOrderAreCommittedInOrder() throws Exception {
        byte[] body = bytes(50, 17);
        MemoryParts store = new MemoryParts(0, new byte[0]) {
            @Override
            public synchronized CompletableFuture<String> upload(byte[] buffer, int length) {
                int number = uploaded.size() + 1;
                uploaded.add(null);
                // the first of every two parts is the slow one
                long delay = number % 2 == 1 ? 40 : 1;
                return CompletableFuture.supplyAsync(() -> {
                    synchronized (this) {
                        uploaded.set(number - 1, Arrays.copyOf(buffer, length));
                    }
                    return number + ":etag";
                }, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
            }
        };
        long end = new PartWriter(buffers, PART, 2).write(network(body, Integer.MAX_VALUE), 0, 50, new byte[0], null, store);
        assertEquals(50, end);
        assertEquals(List.of(8L, 16L, 24L, 32L, 40L, 48L, 50L), store.commitOffsets, "in order, each exactly once");
        assertArrayEquals(body, store.stored());
    }
}
