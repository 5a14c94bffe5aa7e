package io.aether.tus;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.aether.store.PartBuffers;
import io.aether.store.PartPipeline;

/**
 * What tus adds to the {@link PartPipeline}: a PATCH body starts at the upload's offset, behind the
 * bytes that did not fill a part yet (the tail), which come in from the previous PATCH and go out to
 * the next one; parts are committed to the upload's record in order, with the offset they reach.
 *
 * <p>Without a checksum every part is committed as soon as it and those before it are stored, and on
 * a broken connection the bytes that did arrive are committed too: what the server has is what it
 * reports. With a checksum (Upload-Checksum) nothing is committed until the whole body matched it, so
 * a mismatch leaves the upload exactly as it was (parts stored meanwhile are simply never listed).
 */
public final class PartWriter {
    private static final byte[] NO_TAIL = new byte[0];

    /** Where the parts go; the real one is the object store plus the upload's Redis record. */
    public interface Parts {
        /** Starts storing buffer[0..length) as a new part; completes with its "number:etag". */
        CompletableFuture<String> upload(byte[] buffer, int length) throws IOException;

        /** Durably adds the parts, replaces the tail and moves the offset, if it still is {@code from}. */
        void commit(List<String> parts, byte[] tail, long from, long to) throws IOException;
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

    /** The parts stored but not yet committed, and the offset the upload's record has. */
    private static final class Commits {
        final Parts parts;
        final boolean asWeGo;
        final List<String> staged = new ArrayList<>();
        long committed;

        Commits(Parts parts, boolean asWeGo, long offset) {
            this.parts = parts;
            this.asWeGo = asWeGo;
            this.committed = offset;
        }

        /** From the pipeline, in order: without a checksum, acknowledged even while the client is quiet. */
        synchronized void stored(String part, long end) throws IOException {
            staged.add(part);
            if (asWeGo) {
                commit(end, NO_TAIL);
            }
        }

        synchronized void commit(long end, byte[] tail) throws IOException {
            parts.commit(staged, tail, committed, end);
            committed = end;
            staged.clear();
        }
    }

    /** The request body, remembering how its read failed: the one failure that may keep what arrived. */
    private static final class Arrival extends FilterInputStream {
        IOException broken;

        Arrival(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                broken = e;
                throw e;
            }
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
        Commits commits = new Commits(parts, sha1 == null, offset);
        Arrival arrival = new Arrival(body);
        try (PartPipeline pipeline = new PartPipeline(buffers, partSize, inFlight, parts::upload, commits::stored,
                tail, offset)) {
            try {
                pipeline.pump(arrival, (buffer, from, n, position) -> {
                    if (position > length) {
                        throw new PastLengthException(length);
                    }
                    if (sha1 != null) {
                        sha1.update(buffer, from, n);
                    }
                });
            } catch (IOException e) {
                // every byte arrived before the connection broke: finish the upload
                boolean whole = commits.asWeGo && pipeline.position() == length;
                if (e != arrival.broken || !whole) {
                    if (e == arrival.broken && commits.asWeGo) {
                        keepWhatArrived(pipeline, commits, e);
                    }
                    throw e;
                }
            }
            if (sha1 != null && !MessageDigest.isEqual(sha1.digest(), expectedSha1)) {
                throw new ChecksumMismatchException();
            }
            long end = pipeline.position();
            if (end == length && pipeline.restLength() > 0) {
                pipeline.sendLast(); // the last part may be smaller than the minimum
            }
            pipeline.settle();
            if (end > commits.committed || !commits.staged.isEmpty()) {
                commits.commit(end, pipeline.rest());
            }
            return end;
        }
    }

    /** After a broken connection: the parts on their way and the bytes after them become the upload's state. */
    private static void keepWhatArrived(PartPipeline pipeline, Commits commits, IOException broken) {
        try {
            pipeline.settle();
            if (pipeline.position() > commits.committed) {
                commits.commit(pipeline.position(), pipeline.rest());
            }
        } catch (IOException | RuntimeException e) {
            broken.addSuppressed(e);
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
