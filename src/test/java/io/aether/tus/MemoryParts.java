package io.aether.tus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An object store and upload record in memory: committed parts, the tail and the offset. */
class MemoryParts implements PartWriter.Parts {
    final List<byte[]> uploaded = new ArrayList<>();
    final List<byte[]> committedParts = new ArrayList<>();
    final List<Long> commitOffsets = new ArrayList<>();
    byte[] tail = new byte[0];
    long offset;

    MemoryParts(long offset, byte[] tail) {
        this.offset = offset;
        this.tail = tail;
    }

    /** Stores the part later, on another thread, as the object store does: the buffer must stay as it was. */
    @Override
    public synchronized CompletableFuture<String> upload(byte[] buffer, int length) {
        int number = uploaded.size() + 1;
        uploaded.add(null);
        return CompletableFuture.supplyAsync(() -> {
            synchronized (this) {
                uploaded.set(number - 1, Arrays.copyOf(buffer, length));
            }
            return number + ":etag";
        }, CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS));
    }

    @Override
    public synchronized void commit(List<String> parts, byte[] tail, long from, long to) {
        assertEquals(offset, from, "commits continue from the committed offset");
        for (String p : parts) {
            committedParts.add(uploaded.get(Integer.parseInt(p.substring(0, p.indexOf(':'))) - 1));
        }
        this.tail = tail;
        offset = to;
        commitOffsets.add(to);
    }

    byte[] stored() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        committedParts.forEach(all::writeBytes);
        all.writeBytes(tail);
        return all.toByteArray();
    }
}
