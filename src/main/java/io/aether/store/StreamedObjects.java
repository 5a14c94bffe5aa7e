package io.aether.store;

import static io.aether.store.ObjectCalls.await;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.google.common.collect.HashMultimap;
import com.google.common.collect.Multimap;
import io.minio.MinioAsyncClient;
import io.minio.messages.Part;

/**
 * Stores a stream of unknown length as one object: a multipart upload whose parts are sent while the
 * next one fills. At most {@code inFlight} parts are on their way; then the reader waits, and so does
 * the stream's client (back-pressure). A stream holds at most {@code inFlight + 1} buffers, taken from
 * the replica's {@link PartBuffers} and given back as each part arrives.
 * Anything that goes wrong aborts the multipart upload, so a failed put leaves nothing behind.
 */
public final class StreamedObjects {
    private final MinioAsyncClient minio;
    private final S3Parts parts;
    private final PartBuffers buffers;
    private final int partSize;
    private final int inFlight;

    public StreamedObjects(MinioAsyncClient minio, S3Parts parts, PartBuffers buffers, int inFlight) {
        if (buffers.partSize() < 5L * 1024 * 1024 || inFlight < 1) {
            throw new IllegalArgumentException("part size " + buffers.partSize() + " or parts in flight " + inFlight);
        }
        this.minio = minio;
        this.parts = parts;
        this.buffers = buffers;
        this.partSize = buffers.partSize();
        this.inFlight = inFlight;
    }

    /**
     * Reads the body to its end into bucket/key and returns how many bytes it held. The multipart upload
     * is created once the first part is full or the body ended, so a client refused or cut off before
     * that leaves nothing to clean up in the store.
     */
    public long put(String bucket, String key, String contentType, Map<String, String> userMetadata, InputStream body)
            throws IOException {
        byte[] first = buffers.take();
        int firstFill;
        String uploadId;
        try {
            firstFill = fill(body, first);
            Multimap<String, String> headers = HashMultimap.create();
            headers.put("Content-Type", contentType);
            userMetadata.forEach((name, value) -> headers.put("x-amz-meta-" + name, value));
            uploadId = await(() -> minio.createMultipartUploadAsync(bucket, null, key, headers, null))
                    .result().uploadId();
        } catch (IOException | RuntimeException | Error e) {
            buffers.give(first);
            throw e;
        }
        List<CompletableFuture<String>> sent = new ArrayList<>();
        try {
            long total = send(new Target(bucket, key, uploadId), body, first, firstFill, sent);
            List<Part> done = new ArrayList<>();
            for (CompletableFuture<String> part : sent) {
                done.add(new Part(done.size() + 1, join(part)));
            }
            Part[] list = done.toArray(Part[]::new);
            await(() -> minio.completeMultipartUploadAsync(bucket, null, key, uploadId, list, null, null));
            return total;
        } catch (IOException | RuntimeException | Error e) {
            abort(bucket, key, uploadId, sent, e);
            throw e;
        }
    }

    private record Target(String bucket, String key, String uploadId) {
    }

    /**
     * Sends the filled first buffer, then fills and sends parts until the body ends; the last (or only)
     * part may be short, the only one even empty. Each buffer goes back to the pool when its part has
     * arrived or failed, never earlier: the store may still be reading it.
     */
    private long send(Target to, InputStream body, byte[] first, int firstFill, List<CompletableFuture<String>> sent)
            throws IOException {
        ArrayDeque<CompletableFuture<String>> pending = new ArrayDeque<>();
        byte[] buffer = first;
        int fill = firstFill;
        long total = 0;
        try {
            while (true) {
                total += fill;
                if (fill == 0 && !sent.isEmpty()) {
                    return total;
                }
                CompletableFuture<String> part = parts.upload(to.bucket(), to.key(), to.uploadId(), sent.size() + 1,
                        buffer, fill);
                byte[] sending = buffer;
                buffer = null;
                part.whenComplete((etag, failure) -> buffers.give(sending));
                sent.add(part);
                pending.addLast(part);
                while (pending.size() > inFlight || (!pending.isEmpty() && pending.peekFirst().isDone())) {
                    join(pending.removeFirst());
                }
                if (fill < partSize) {
                    return total;
                }
                buffer = buffers.take();
                fill = fill(body, buffer);
            }
        } finally {
            if (buffer != null) {
                buffers.give(buffer);
            }
        }
    }

    /** Reads until the buffer is full or the body ended. */
    private static int fill(InputStream body, byte[] buffer) throws IOException {
        int fill = 0;
        while (fill < buffer.length) {
            int n = body.read(buffer, fill, buffer.length - fill);
            if (n < 0) {
                break;
            }
            fill += n;
        }
        return fill;
    }

    /** Lets the parts on their way settle first, so none lands after the abort. */
    private void abort(String bucket, String key, String uploadId, List<CompletableFuture<String>> sending,
            Throwable failure) {
        for (CompletableFuture<String> part : sending) {
            try {
                part.join();
            } catch (RuntimeException ignored) {
                // it failed as well; the abort drops whatever it left
            }
        }
        try {
            await(() -> minio.abortMultipartUploadAsync(bucket, null, key, uploadId, null, null));
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static String join(CompletableFuture<String> part) throws IOException {
        try {
            return part.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("object store: " + cause.getMessage(), cause);
        }
    }
}
