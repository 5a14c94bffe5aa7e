package io.aether.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Cuts a stream into multipart-upload parts of one size and sends each while the next one fills: the
 * one loop behind the multipart POST ({@link StreamedObjects}) and tus PATCH. At most {@code inFlight}
 * parts are on their way; then the reader waits, and so does the stream's client (back-pressure). A
 * pipeline holds at most {@code inFlight + 1} buffers, taken from the replica's {@link PartBuffers},
 * each given back once its part has arrived or failed, never earlier: the store may still be reading it.
 *
 * <p>Every stored part is handed to the {@link Stored} listener strictly in order, as soon as it and
 * those before it have arrived, from whichever thread saw it arrive: a tus upload acknowledges parts
 * while its client is quiet. A listener that fails stops the deliveries; the writer hears of it at its
 * next send or {@link #settle}.
 *
 * <p>One writer thread calls everything but the listener; {@link #close} gives back the buffer that fills.
 */
public final class PartPipeline implements AutoCloseable {
    /** Where parts go; the real one is {@link S3Parts}, which checksums and retries each. */
    public interface Sink {
        /** Starts storing buffer[0..length) as the next part; completes with what identifies it. */
        CompletableFuture<String> upload(byte[] buffer, int length) throws IOException;
    }

    /** Hears of each stored part, in order, with the stream position after its last byte. */
    public interface Stored {
        void stored(String part, long end) throws IOException;
    }

    /** Sees the bytes of each read before they can go out, to count or check them. */
    public interface Received {
        void received(byte[] buffer, int from, int length, long position) throws IOException;
    }

    private static final Received NOTHING = (buffer, from, length, position) -> {
    };

    private final PartBuffers buffers;
    private final int partSize;
    private final int inFlight;
    private final Sink sink;
    private final Stored stored;
    private final ArrayDeque<Sending> sending = new ArrayDeque<>();
    /** Null once the last part went, or between giving a full buffer to the store and taking the next. */
    private byte[] filling;
    private int fill;
    private long position;
    private int sent;
    /** The first failure of the listener, for the writer to rethrow. */
    private Throwable failed;

    /** A part on its way. */
    private static final class Sending {
        final CompletableFuture<String> part;
        final long end;
        boolean delivered;

        Sending(CompletableFuture<String> part, long end) {
            this.part = part;
            this.end = end;
        }
    }

    /**
     * Takes the first buffer and starts it with {@code head} (bytes kept from before, fewer than a part).
     *
     * @param position where the stream stands after {@code head}
     */
    public PartPipeline(PartBuffers buffers, int partSize, int inFlight, Sink sink, Stored stored, byte[] head,
            long position) throws IOException {
        if (partSize < 1 || inFlight < 1 || head.length >= partSize) {
            throw new IllegalArgumentException("part size " + partSize + ", in flight " + inFlight + ", head "
                    + head.length);
        }
        this.buffers = buffers;
        this.partSize = partSize;
        this.inFlight = inFlight;
        this.sink = sink;
        this.stored = stored;
        this.position = position;
        filling = buffers.take(partSize);
        System.arraycopy(head, 0, filling, 0, head.length);
        fill = head.length;
    }

    /** Reads the stream to its end, sending every part that fills; the bytes after the last full part stay. */
    public void pump(InputStream in) throws IOException {
        pump(in, NOTHING);
    }

    public void pump(InputStream in, Received received) throws IOException {
        while (true) {
            int n = in.read(filling, fill, partSize - fill);
            if (n < 0) {
                return;
            }
            position += n;
            received.received(filling, fill, n, position);
            fill += n;
            if (fill == partSize) {
                send(partSize, true);
            }
        }
    }

    /** Where the stream stands: every byte read so far. */
    public long position() {
        return position;
    }

    /** Parts sent so far. */
    public int sent() {
        return sent;
    }

    /** Sends the bytes after the last full part as the last part, which may be short, even empty. */
    public void sendLast() throws IOException {
        send(fill, false);
    }

    /** How many bytes follow the last full part. */
    public int restLength() {
        return fill;
    }

    /** A copy of the bytes after the last full part. */
    public byte[] rest() {
        return filling == null ? new byte[0] : Arrays.copyOf(filling, fill);
    }

    private void send(int length, boolean more) throws IOException {
        settleDone();
        while (inFlight() >= inFlight) {
            settleOldest();
        }
        byte[] full = filling;
        Sending next = new Sending(sink.upload(full, length), position);
        filling = null;
        fill = 0;
        sent++;
        next.part.whenComplete((part, failure) -> buffers.give(full));
        synchronized (this) {
            sending.addLast(next);
        }
        next.part.whenComplete((part, failure) -> deliverStored());
        if (more) {
            filling = buffers.take(partSize);
        }
    }

    /** Waits for every part on its way; the first failure, of a part or of the listener, is thrown. */
    public void settle() throws IOException {
        while (inFlight() > 0) {
            settleOldest();
        }
    }

    /** Waits for every part on its way whatever becomes of them, so that none lands after a clean-up. */
    public void drain() {
        for (Sending s : snapshot()) {
            try {
                s.part.join();
            } catch (RuntimeException ignored) {
                // it failed as well; the caller cleans up after it too
            }
        }
    }

    private synchronized Sending[] snapshot() {
        return sending.toArray(Sending[]::new);
    }

    private synchronized int inFlight() {
        return sending.size();
    }

    /** Settles the parts at the head that are done already, so a failure surfaces at once. */
    private void settleDone() throws IOException {
        while (true) {
            synchronized (this) {
                if (sending.isEmpty() || !sending.peekFirst().part.isDone()) {
                    return;
                }
            }
            settleOldest();
        }
    }

    private void settleOldest() throws IOException {
        Sending oldest;
        synchronized (this) {
            oldest = sending.peekFirst();
        }
        String part = ObjectCalls.join(oldest.part);
        synchronized (this) {
            sending.removeFirst();
            rethrowFailed();
            if (!oldest.delivered) {
                deliver(oldest, part);
            }
            rethrowFailed();
        }
    }

    /** From a store callback: delivers, in order, every stored part whose predecessors are delivered. */
    private synchronized void deliverStored() {
        for (Sending s : sending) {
            if (failed != null || !s.part.isDone() || s.part.isCompletedExceptionally()) {
                return;
            }
            if (!s.delivered) {
                deliver(s, s.part.join());
            }
        }
    }

    private void deliver(Sending s, String part) {
        try {
            stored.stored(part, s.end);
            s.delivered = true;
        } catch (IOException | RuntimeException e) {
            failed = e;
        }
    }

    private void rethrowFailed() throws IOException {
        if (failed instanceof IOException io) {
            throw io;
        }
        if (failed instanceof RuntimeException runtime) {
            throw runtime; // e.g. a tus upload's lock was lost: the status its commit chose
        }
    }

    @Override
    public void close() {
        if (filling != null) {
            buffers.give(filling);
            filling = null;
        }
    }
}
