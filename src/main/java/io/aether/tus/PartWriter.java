package io.aether.tus;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.aether.api.ApiException;

/**
 * Cuts a PATCH body into object-store parts of exactly one part size. The bytes that do not fill a
 * part yet (the tail) come in from the previous PATCH and go out to the next one. One buffer fills
 * from the request while the part before it is on its way to the object store, so receiving and
 * storing overlap; memory holds at most those two parts whatever the size of the file or the PATCH.
 *
 * <p>Without a checksum every full part is committed as soon as it is stored, and on a broken
 * connection the bytes that did arrive are committed too: what the server has is what it reports.
 * With a checksum nothing is committed until the whole body matched it, so a mismatch leaves the
 * upload exactly as it was (parts stored meanwhile are simply never listed).
 */
public final class PartWriter {

    /** Where the parts go; the real one is the object store plus the upload's Redis record. */
    public interface Parts {
        /** Starts storing buffer[0..length) as a new part; completes with its "number:etag". */
        CompletableFuture<String> upload(byte[] buffer, int length) throws IOException;

        /** Durably adds the parts, replaces the tail and moves the offset, if it still is {@code from}. */
        void commit(List<String> parts, byte[] tail, int tailLength, long from, long to) throws IOException;
    }

    private final int partSize;

    public PartWriter(long partSize) {
        if (partSize < 1 || partSize > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("part size out of range: " + partSize);
        }
        this.partSize = (int) partSize;
    }

    /** A part on its way; its buffer stays untouched until it has arrived. */
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

    /** The state of one write. The object store's callback may commit a part, so commits hold this lock. */
    private final class Write {
        final Parts parts;
        final boolean commitAsWeGo;
        final List<String> staged = new ArrayList<>();
        final byte[][] buffers = {new byte[partSize], null};
        int current;
        int fill;
        long committed;
        Sending sending;

        Write(Parts parts, boolean commitAsWeGo, long offset) {
            this.parts = parts;
            this.commitAsWeGo = commitAsWeGo;
            this.committed = offset;
        }

        byte[] buffer() {
            return buffers[current];
        }

        /** Sends the full buffer and continues in the other one, once the part before has arrived. */
        void send(long end) throws IOException {
            settle();
            Sending next = new Sending(parts.upload(buffer(), partSize), end);
            synchronized (this) {
                sending = next;
            }
            if (commitAsWeGo) {
                // acknowledge the part the moment it is stored, even if the client has gone quiet meanwhile
                next.part.thenRun(() -> commitStored(next));
            }
            current ^= 1;
            if (buffers[current] == null) {
                buffers[current] = new byte[partSize];
            }
            fill = 0;
        }

        private synchronized void commitStored(Sending done) {
            if (done.committed || done.failure != null) {
                return;
            }
            try {
                staged.add(done.part.join());
                commit(done.end, 0);
                done.committed = true;
            } catch (IOException e) {
                done.failure = e;
            } catch (RuntimeException e) {
                done.failure = new IOException(e.getMessage(), e);
            }
        }

        /** Waits for the part on its way; stages it, and without a checksum commits it if not done yet. */
        void settle() throws IOException {
            Sending done;
            synchronized (this) {
                done = sending;
            }
            if (done == null) {
                return;
            }
            String part = await(done.part);
            synchronized (this) {
                sending = null;
                if (done.failure != null) {
                    Throwable cause = done.failure.getCause();
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime; // e.g. the lock was lost: the status the commit chose
                    }
                    throw done.failure;
                }
                if (!done.committed) {
                    staged.add(part);
                    if (commitAsWeGo) {
                        commit(done.end, 0);
                    }
                    done.committed = true;
                }
            }
        }

        synchronized void commit(long end, int tailLength) throws IOException {
            parts.commit(staged, buffer(), tailLength, committed, end);
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
        System.arraycopy(tail, 0, w.buffer(), 0, tail.length);
        w.fill = tail.length;
        long received = 0;
        while (true) {
            int n;
            try {
                n = body.read(w.buffer(), w.fill, partSize - w.fill);
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
                throw new ApiException(413, "the body runs past Upload-Length " + length);
            }
            if (sha1 != null) {
                sha1.update(w.buffer(), w.fill, n);
            }
            w.fill += n;
            if (w.fill == partSize) {
                w.send(offset + received);
            }
        }
        if (sha1 != null && !MessageDigest.isEqual(sha1.digest(), expectedSha1)) {
            throw new ApiException(460, "the body does not match Upload-Checksum; nothing of it was kept");
        }
        w.settle();
        long end = offset + received;
        if (end == length && w.fill > 0) {
            // the last part may be smaller than the minimum
            w.staged.add(await(parts.upload(w.buffer(), w.fill)));
            w.fill = 0;
        }
        if (end > w.committed || !w.staged.isEmpty()) {
            w.commit(end, w.fill);
        }
        return end;
    }

    /** After a broken connection: the part on its way and the bytes after it become the upload's state. */
    private static void keepWhatArrived(Write w, long end, IOException broken) {
        try {
            w.settle();
            if (end > w.committed) {
                w.commit(end, w.fill);
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
