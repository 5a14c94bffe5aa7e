package io.aether.tus;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.aether.store.PartBuffers;

/**
 * Cuts a PATCH body into object-store parts of exactly one part size. The bytes that do not fill a
 * part yet (the tail) come in from the previous PATCH and go out to the next one.
 *
 * <p>Receiving and storing overlap: while one buffer fills from the request, up to {@code inFlight}
 * earlier parts are on their way to the object store, so the connection to the store is never idle
 * while the client sends. A write therefore holds at most {@code inFlight + 1} buffers, whatever the
 * size of the file or of the PATCH, taken from the replica's {@link PartBuffers} and each given back
 * when its part has arrived. Parts are committed strictly in order.
 *
 * <p>Without a checksum every part is committed as soon as it and those before it are stored, and on
 * a broken connection the bytes that did arrive are committed too: what the server has is what it
 * reports. With a checksum nothing is committed until the whole body matched it, so a mismatch leaves
 * the upload exactly as it was (parts stored meanwhile are simply never listed).
 */
public final class PartWriter {
    private static final byte[] NO_TAIL = new byte[0];

    /** Where the parts go; the real one is the object store plus the upload's Redis record. */
    public interface Parts {
        /** Starts storing buffer[0..length) as a new part; completes with its "number:etag". */
        CompletableFuture<String> upload(byte[] buffer, int length) throws IOException;

        /** Durably adds the parts, replaces the tail and moves the offset, if it still is {@code from}. */
        void commit(List<String> parts, byte[] tail, int tailLength, long from, long to) throws IOException;
    }

    private final PartBuffers buffers;
    private final int partSize;
    private final int inFlight;

    public PartWriter(PartBuffers buffers, long partSize, int inFlight) {
        if (partSize < 1 || partSize > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("part size out of range: " + partSize);
        }
        if (inFlight < 1) {
            throw new IllegalArgumentException("at least one part must be able to travel: " + inFlight);
        }
        this.buffers = buffers;
        this.partSize = (int) partSize;
        this.inFlight = inFlight;
    }

    /** A part on its way. */
    private static final class Sending {
        final CompletableFuture<String> part;
        final long end;
        boolean committed;
        IOException failure;

        Sending(CompletableFuture<String> part, long end) {
            this.part = part;
            this.end = end;
        }
    }

    /** The state of one write. The object store's callbacks commit parts too, so commits hold this lock. */
    private final class Write {
        final Parts parts;
        final boolean commitAsWeGo;
        final List<String> staged = new ArrayList<>();
        final ArrayDeque<Sending> sending = new ArrayDeque<>();
        /** Null only between giving a full buffer to the store and getting the next one. */
        byte[] filling;
        int fill;
        long committed;

        Write(Parts parts, boolean commitAsWeGo, long offset) {
            this.parts = parts;
            this.commitAsWeGo = commitAsWeGo;
            this.committed = offset;
        }

        /**
         * Sends the full buffer and goes on filling another, once there is one to spare. The store may
         * read a buffer until its part has arrived or failed; only then does it go back.
         */
        void send(long end) throws IOException {
            if (inFlight() == inFlight) {
                settleOldest();
            }
            byte[] full = filling;
            Sending next = new Sending(parts.upload(full, partSize), end);
            filling = null;
            next.part.whenComplete((etag, failure) -> buffers.give(full));
            synchronized (this) {
                sending.addLast(next);
            }
            if (commitAsWeGo) {
                // acknowledge parts the moment they are stored, even if the client has gone quiet meanwhile
                next.part.whenComplete((etag, failure) -> commitStored());
            }
            filling = buffers.take(partSize);
            fill = 0;
        }

        private synchronized int inFlight() {
            return sending.size();
        }

        /** From a store callback: commits, in order, every stored part whose predecessors are committed. */
        private synchronized void commitStored() {
            for (Sending s : sending) {
                if (s.failure != null || !s.part.isDone() || s.part.isCompletedExceptionally()) {
                    return;
                }
                if (!s.committed) {
                    try {
                        staged.add(s.part.join());
                        commit(s.end, NO_TAIL, 0);
                        s.committed = true;
                    } catch (IOException e) {
                        s.failure = e;
                        return;
                    } catch (RuntimeException e) {
                        s.failure = new IOException(e.getMessage(), e);
                        return;
                    }
                }
            }
        }

        /** Waits for the oldest part on its way; stages it and, without a checksum, commits it if not done. */
        void settleOldest() throws IOException {
            Sending oldest;
            synchronized (this) {
                oldest = sending.peekFirst();
            }
            if (oldest == null) {
                return;
            }
            String part = await(oldest.part);
            synchronized (this) {
                sending.removeFirst();
                if (oldest.failure != null) {
                    if (oldest.failure.getCause() instanceof RuntimeException runtime) {
                        throw runtime; // e.g. the lock was lost: the status the commit chose
                    }
                    throw oldest.failure;
                }
                if (!oldest.committed) {
                    staged.add(part);
                    if (commitAsWeGo) {
                        commit(oldest.end, NO_TAIL, 0);
                    }
                    oldest.committed = true;
                }
            }
        }

        void settleAll() throws IOException {
            while (inFlight() > 0) {
                settleOldest();
            }
        }

        synchronized void commit(long end, byte[] tail, int tailLength) throws IOException {
            parts.commit(staged, tail, tailLength, committed, end);
            committed = end;
            staged.clear();
        }
    }

    /**
     * Writes the body at {@code offset} and returns the new offset.
     *
     * @param tail the stored bytes after the last part, fewer than one part
     * @param expectedSha1 the Upload-Checksum digest, or null
     */
    public long write(InputStream body, long offset, long length, byte[] tail, byte[] expectedSha1, Parts parts)
            throws IOException {
        if (tail.length >= partSize) {
            throw new IllegalStateException("a tail of " + tail.length + " bytes should have been a part");
        }
        MessageDigest sha1 = expectedSha1 == null ? null : sha1();
        Write w = new Write(parts, sha1 == null, offset);
        w.filling = buffers.take(partSize);
        try {
            return write(w, body, offset, length, tail, sha1, expectedSha1);
        } finally {
            if (w.filling != null) {
                buffers.give(w.filling);
            }
        }
    }

    private long write(Write w, InputStream body, long offset, long length, byte[] tail, MessageDigest sha1,
            byte[] expectedSha1) throws IOException {
        Parts parts = w.parts;
        System.arraycopy(tail, 0, w.filling, 0, tail.length);
        w.fill = tail.length;
        long received = 0;
        while (true) {
            int n;
            try {
                n = body.read(w.filling, w.fill, partSize - w.fill);
            } catch (IOException broken) {
                if (w.commitAsWeGo && offset + received == length) {
                    break; // every byte arrived before the connection broke: finish the upload
                }
                if (w.commitAsWeGo) {
                    keepWhatArrived(w, offset + received, broken);
                }
                throw broken;
            }
            if (n < 0) {
                break;
            }
            received += n;
            if (received > length - offset) {
                throw new PastLengthException(length);
            }
            if (sha1 != null) {
                sha1.update(w.filling, w.fill, n);
            }
            w.fill += n;
            if (w.fill == partSize) {
                w.send(offset + received);
            }
        }
        if (sha1 != null && !MessageDigest.isEqual(sha1.digest(), expectedSha1)) {
            throw new ChecksumMismatchException();
        }
        w.settleAll();
        long end = offset + received;
        if (end == length && w.fill > 0) {
            // the last part may be smaller than the minimum
            w.staged.add(await(parts.upload(w.filling, w.fill)));
            w.fill = 0;
        }
        if (end > w.committed || !w.staged.isEmpty()) {
            w.commit(end, w.filling, w.fill);
        }
        return end;
    }

    /** After a broken connection: the parts on their way and the bytes after them become the upload's state. */
    private static void keepWhatArrived(Write w, long end, IOException broken) {
        try {
            w.settleAll();
            if (end > w.committed) {
                w.commit(end, w.filling, w.fill);
            }
        } catch (IOException | RuntimeException e) {
            broken.addSuppressed(e);
        }
    }

    private static String await(CompletableFuture<String> part) throws IOException {
        try {
            return part.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause.getMessage(), cause);
        }
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
