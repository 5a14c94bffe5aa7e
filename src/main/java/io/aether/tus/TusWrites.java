package io.aether.tus;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import io.aether.events.Events;
import io.aether.store.PartBuffers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bytes of one PATCH into an upload the caller holds the lock of: parts to its multipart upload in
 * the object store, commits (parts, tail, offset, expiry) to its Redis record, progress to its live
 * channel. How many bodies this replica takes at once is bounded, and so is their memory.
 */
final class TusWrites {
    private static final Logger LOG = LoggerFactory.getLogger(TusWrites.class);

    private final TusSettings settings;
    private final TusStore store;
    private final TusObjects objects;
    private final Events events;
    private final PartBuffers buffers;
    /** Bounds the bodies in flight: each writer holds a few parts. */
    private final Semaphore writers;

    TusWrites(TusSettings settings, TusStore store, TusObjects objects, Events events, PartBuffers buffers) {
        this.settings = settings;
        this.store = store;
        this.objects = objects;
        this.events = events;
        this.buffers = buffers;
        this.writers = new Semaphore(settings.maxWriters());
    }

    /** Writes the body at the upload's offset; what was committed is in its record afterwards. */
    void write(TusUpload upload, String token, byte[] checksum, TusUploads.Body body) throws IOException {
        if (!writers.tryAcquire()) {
            throw new ReplicaBusy();
        }
        try {
            String id = upload.id();
            byte[] tail = store.tail(id);
            if (tail.length != upload.tailLength()) {
                throw new IllegalStateException("upload " + id + " has " + tail.length + " tail bytes, expected "
                        + upload.tailLength());
            }
            new PartWriter(buffers, upload.partSize(), settings.partsInFlight()).write(body.open(), upload.offset(),
                    upload.length(), tail, checksum, parts(upload, token));
        } catch (PartBuffers.Busy busy) {
            // what arrived before is committed (or, with a checksum, nothing): the client resumes from HEAD
            throw new ReplicaBusy();
        } finally {
            writers.release();
        }
        body.read();
    }

    /** Parts go to the upload's multipart upload in MinIO; commits go to its Redis record, under the lock. */
    private PartWriter.Parts parts(TusUpload upload, String token) {
        String id = upload.id();
        return new PartWriter.Parts() {
            @Override
            public CompletableFuture<String> upload(byte[] buffer, int length) throws IOException {
                return objects.uploadPart(upload.objectKey(), upload.s3UploadId(), store.nextPartNumber(id), buffer,
                        length);
            }

            @Override
            public void commit(List<String> done, byte[] tail, long from, long to) {
                long now = System.currentTimeMillis();
                TusStore.guarded(store.commit(id, token, done, tail, from, to, now + settings.expiryMs(), now));
                progress(id, to, upload.length());
            }
        };
    }

    private void progress(String id, long received, long total) {
        try {
            events.upload(id, received, total);
        } catch (RuntimeException e) {
            LOG.debug("Could not publish upload progress of {}: {}", id, e.toString());
        }
    }
}
