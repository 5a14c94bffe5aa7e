package io.aether.tus;

import static io.aether.store.ObjectCalls.await;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import com.google.common.collect.HashMultimap;
import com.google.common.collect.Multimap;
import io.aether.store.S3Parts;
import io.minio.MinioAsyncClient;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Part;

/** The raw bucket seen as S3 multipart uploads: one per tus upload, parts as they fill, completed at the end. */
public final class TusObjects {
    private final MinioAsyncClient minio;
    private final MinioAsyncClient calls;
    private final S3Parts parts;
    private final String bucket;

    /**
     * @param minio completes uploads, which a store may take a while to answer for big objects
     * @param calls the quick steps a client waits on (create, abort, size): they give up soon, so a
     *     stalled store answers 503 within seconds instead of holding the request
     * @param parts carries the bytes
     */
    public TusObjects(MinioAsyncClient minio, MinioAsyncClient calls, S3Parts parts, String bucket) {
        this.minio = minio;
        this.calls = calls;
        this.parts = parts;
        this.bucket = bucket;
    }

    /** Starts the multipart upload; the file name is URL-encoded user metadata, never part of the key. */
    public String create(String key, String contentType, String filename) throws IOException {
        Multimap<String, String> headers = HashMultimap.create();
        headers.put("Content-Type", contentType);
        headers.put("x-amz-meta-filename", URLEncoder.encode(filename, StandardCharsets.UTF_8));
        return await(() -> calls.createMultipartUploadAsync(bucket, null, key, headers, null))
                .result().uploadId();
    }

    /** Starts uploading buffer[0..length) as the given part; completes with "number:etag". */
    public CompletableFuture<String> uploadPart(String key, String uploadId, int partNumber, byte[] buffer, int length) {
        return parts.upload(bucket, key, uploadId, partNumber, buffer, length).thenApply(etag -> partNumber + ":" + etag);
    }

    /**
     * Completes the object from the committed parts. Done before by a replica that died afterwards,
     * it is recognised by the finished object's size.
     */
    public void complete(String key, String uploadId, List<String> parts, long length) throws IOException {
        if (parts.isEmpty()) {
            // nothing to complete with: only an object finished before can make this upload whole
            if (size(key).orElse(-1L) != length) {
                throw new IOException("upload of " + key + " has no parts and no finished object");
            }
            return;
        }
        Part[] list = parts.stream().map(p -> {
            int colon = p.indexOf(':');
            return new Part(Integer.parseInt(p.substring(0, colon)), p.substring(colon + 1));
        }).toArray(Part[]::new);
        try {
            await(() -> minio.completeMultipartUploadAsync(bucket, null, key, uploadId, list, null, null));
        } catch (IOException e) {
            if (!noSuchUpload(e) || size(key).orElse(-1L) != length) {
                throw e;
            }
        }
    }

    /** Drops the multipart upload and the parts stored so far; an upload already gone is fine. */
    public void abort(String key, String uploadId) throws IOException {
        try {
            await(() -> calls.abortMultipartUploadAsync(bucket, null, key, uploadId, null, null));
        } catch (IOException e) {
            if (!noSuchUpload(e)) {
                throw e;
            }
        }
    }

    public Optional<Long> size(String key) throws IOException {
        try {
            return Optional.of(await(() -> calls.statObject(StatObjectArgs.builder().bucket(bucket).object(key)
                    .build())).size());
        } catch (IOException e) {
            if (e.getCause() instanceof ErrorResponseException error
                    && ("NoSuchKey".equals(error.errorResponse().code()) || "NoSuchObject".equals(error.errorResponse().code()))) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static boolean noSuchUpload(IOException e) {
        return e.getCause() instanceof ErrorResponseException error && "NoSuchUpload".equals(error.errorResponse().code());
    }
}
