package io.aether.store;

import static io.aether.store.ObjectCalls.await;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.google.common.collect.HashMultimap;
import com.google.common.collect.Multimap;
import io.minio.MinioAsyncClient;
import io.minio.messages.Part;

/**
 * Stores a stream of unknown length as one object: a multipart upload fed by a {@link PartPipeline}.
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
        Upload upload = new Upload(bucket, key, contentType, userMetadata);
        try (PartPipeline pipeline = new PartPipeline(buffers, partSize, inFlight, upload::part, upload::stored,
                new byte[0], 0)) {
            try {
                pipeline.pump(body);
                if (pipeline.restLength() > 0 || pipeline.sent() == 0) {
                    pipeline.sendLast(); // the last (or only) part may be short, the only one even empty
                }
                pipeline.settle();
                Part[] list;
                synchronized (upload) {
                    list = upload.done.toArray(Part[]::new);
                }
                await(() -> minio.completeMultipartUploadAsync(bucket, null, key, upload.id, list, null, null));
                return pipeline.position();
            } catch (IOException | RuntimeException | Error e) {
                if (upload.id != null) {
                    pipeline.drain(); // so that no part lands after the abort
                    abort(upload, e);
                }
                throw e;
            }
        }
    }

    /** One put's multipart upload, created with its first part. */
    private final class Upload {
        final String bucket;
        final String key;
        final String contentType;
        final Map<String, String> metadata;
        final List<Part> done = new ArrayList<>();
        String id;
        int sent;

        Upload(String bucket, String key, String contentType, Map<String, String> metadata) {
            this.bucket = bucket;
            this.key = key;
            this.contentType = contentType;
            this.metadata = metadata;
        }

        CompletableFuture<String> part(byte[] buffer, int length) throws IOException {
            if (id == null) {
                Multimap<String, String> headers = HashMultimap.create();
                headers.put("Content-Type", contentType);
                metadata.forEach((name, value) -> headers.put("x-amz-meta-" + name, value));
                id = await(() -> minio.createMultipartUploadAsync(bucket, null, key, headers, null)).result().uploadId();
            }
            return parts.upload(bucket, key, id, ++sent, buffer, length);
        }

        /** In order, from the pipeline: the n-th stored part is the n-th sent. */
        synchronized void stored(String etag, long end) {
            done.add(new Part(done.size() + 1, etag));
        }
    }

    private void abort(Upload upload, Throwable failure) {
        try {
            await(() -> minio.abortMultipartUploadAsync(upload.bucket, null, upload.key, upload.id, null, null));
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
