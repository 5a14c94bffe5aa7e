package io.aether.tus;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import io.aether.http.ApiException;
import io.aether.http.RequestInputStream;
import io.aether.events.Events;
import io.aether.jobs.TranscodeJob;
import io.aether.queue.StreamQueue;
import io.aether.store.VideoStore;
import io.aether.tus.TusUpload.Phase;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the tus routes (routes/api/tus.yaml). Each request reads the upload's state from
 * Redis and writes bytes to the object store; a PATCH holds the upload's lock from its first check
 * to its answer, including the hand-off of a finished upload to the transcode queue.
 */
public final class TusApi {
    static final String ID = "AetherTusId";
    static final String LOCK = "AetherTusLock";
    static final String METHOD = "AetherTusMethod";
    static final String ENQUEUE = "AetherTusEnqueue";
    static final String STATUS = "AetherTusStatus";
    static final String UPLOAD = "AetherTusUpload";
    static final String BODY_READ = "AetherTusBodyRead";
    private static final Logger LOG = LoggerFactory.getLogger(TusApi.class);

    private final TusSettings settings;
    private final TusStore store;
    private final TusLocks locks;
    private final TusObjects objects;
    private final VideoStore videos;
    private final Events events;
    private final StreamQueue queue;
    /** Bounds the memory of bodies in flight: each writer holds two parts. */
    private final Semaphore writers;

    public TusApi(TusSettings settings, TusStore store, TusLocks locks, TusObjects objects, VideoStore videos,
            Events events, StreamQueue queue) {
        this.settings = settings;
        this.store = store;
        this.locks = locks;
        this.objects = objects;
        this.videos = videos;
        this.events = events;
        this.queue = queue;
        this.writers = new Semaphore(settings.maxWriters());
    }

    /**
     * The operation: the HTTP method, or on a POST X-HTTP-Method-Override, for clients behind proxies that
     * drop PATCH. Only a POST stands in for another method: a HEAD or OPTIONS that a cache or a CORS
     * preflight lets through must never turn into a DELETE.
     */
    public void method(Exchange exchange) {
        TusResponses.request(exchange);
        Message in = exchange.getMessage();
        String method = in.getHeader(Exchange.HTTP_METHOD, String.class);
        String override = in.getHeader("X-HTTP-Method-Override", String.class);
        if ("POST".equals(method) && override != null && !override.isBlank()) {
            method = override.trim().toUpperCase(Locale.ROOT);
        }
        if (!List.of("HEAD", "PATCH", "DELETE", "OPTIONS").contains(method)) {
            throw new ApiException(405, method + " is not a tus operation on an upload");
        }
        exchange.setProperty(METHOD, method);
    }

    /** OPTIONS: what this server supports; the one request that needs no Tus-Resumable. */
    public void options(Exchange exchange) {
        TusResponses.reply(exchange, 204, capabilities(), null);
    }

    /** POST /files/: creation, and creation-with-upload when the request carries bytes. */
    public void create(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        exchange.setProperty(METHOD, "POST");
        TusRules.requireVersion(in.getHeader("Tus-Resumable", String.class));
        long length = TusRules.uploadLength(in.getHeader("Upload-Length", String.class),
                in.getHeader("Upload-Defer-Length", String.class), settings.maxSize());
        UploadMetadata metadata = UploadMetadata.parse(in.getHeader("Upload-Metadata", String.class));
        Long contentLength = in.getHeader(Exchange.CONTENT_LENGTH, Long.class);
        boolean withUpload = (contentLength != null && contentLength > 0) || chunked(exchange);
        byte[] checksum = null;
        if (withUpload) {
            TusRules.requireOffsetOctetStream(in.getHeader(Exchange.CONTENT_TYPE, String.class));
            TusRules.requireFits(0, contentLength, length);
            checksum = TusRules.checksum(in.getHeader("Upload-Checksum", String.class));
        }
        String id = UUID.randomUUID().toString();
        String key = id + "/source";
        String s3UploadId = objects.create(key, metadata.filetype(), metadata.filename());
        TusUpload upload = new TusUpload(id, Phase.UPLOADING, length, 0, 0,
                TusRules.partSize(length, settings.partSize()), s3UploadId, key, metadata.header(),
                metadata.filename(), metadata.filetype(), System.currentTimeMillis() + settings.expiryMs());
        store.create(upload);
        exchange.setProperty(ID, id);
        exchange.setProperty(STATUS, 201);
        exchange.setProperty(UPLOAD, upload);
        LOG.info("tus upload {} created: {} bytes, {}", id, length, metadata.filetype());
        if (withUpload) {
            String token = locks.acquire(id).orElseThrow(() -> new ApiException(423, "the new upload is busy"));
            exchange.setProperty(LOCK, token);
            upload = write(exchange, upload, token, checksum);
            exchange.setProperty(UPLOAD, upload);
            finish(exchange, upload, token);
        }
    }

    /** HEAD: where the upload stands. */
    public void head(Exchange exchange, @org.apache.camel.Header("id") String rawId) {
        TusRules.requireVersion(exchange.getMessage().getHeader("Tus-Resumable", String.class));
        TusUpload upload = existing(TusRules.uploadId(rawId));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Upload-Offset", Long.toString(upload.offset()));
        headers.put("Upload-Length", Long.toString(upload.length()));
        if (!upload.metadata().isEmpty()) {
            headers.put("Upload-Metadata", upload.metadata());
        }
        if (upload.phase() == Phase.UPLOADING) {
            headers.put("Upload-Expires", TusRules.httpDate(upload.expiresAt()));
        }
        headers.put("Cache-Control", "no-store");
        TusResponses.reply(exchange, 200, headers, null);
    }

    /** PATCH: appends the body at Upload-Offset; the last byte completes the object and hands it off. */
    public void patch(Exchange exchange, @org.apache.camel.Header("id") String rawId) throws IOException {
        Message in = exchange.getMessage();
        TusRules.requireVersion(in.getHeader("Tus-Resumable", String.class));
        String id = TusRules.uploadId(rawId);
        TusRules.requireOffsetOctetStream(in.getHeader(Exchange.CONTENT_TYPE, String.class));
        long offset = TusRules.uploadOffset(in.getHeader("Upload-Offset", String.class));
        byte[] checksum = TusRules.checksum(in.getHeader("Upload-Checksum", String.class));
        exchange.setProperty(ID, id);
        exchange.setProperty(STATUS, 204);
        existing(id);
        String token = locks.acquire(id)
                .orElseThrow(() -> new ApiException(423, "another request is writing to this upload; retry shortly"));
        exchange.setProperty(LOCK, token);
        TusUpload upload = existing(id); // again, now that nobody else can change it
        TusRules.requireOffset(offset, upload.offset());
        TusRules.requireFits(offset, in.getHeader(Exchange.CONTENT_LENGTH, Long.class), upload.length());
        if (upload.phase() == Phase.UPLOADING) {
            upload = write(exchange, upload, token, checksum);
        }
        exchange.setProperty(UPLOAD, upload);
        finish(exchange, upload, token);
    }

    /** DELETE: termination; aborts the multipart upload so its parts go too. */
    public void terminate(Exchange exchange, @org.apache.camel.Header("id") String rawId) throws IOException {
        TusRules.requireVersion(exchange.getMessage().getHeader("Tus-Resumable", String.class));
        String id = TusRules.uploadId(rawId);
        exchange.setProperty(ID, id);
        TusUpload upload = store.find(id).orElseThrow(() -> new ApiException(404, "no such upload"));
        if (upload.phase() == Phase.EXPIRED) {
            throw new ApiException(410, "the upload expired and was removed");
        }
        String token = locks.acquire(id)
                .orElseThrow(() -> new ApiException(423, "another request is writing to this upload; retry shortly"));
        exchange.setProperty(LOCK, token);
        upload = store.find(id).orElseThrow(() -> new ApiException(404, "no such upload"));
        switch (upload.phase()) {
            case UPLOADING -> objects.abort(upload.objectKey(), upload.s3UploadId());
            // the video has its own life now; only the upload record goes
            case COMPLETED -> {
            }
            case EXPIRED -> throw new ApiException(410, "the upload expired and was removed");
            default -> throw new ApiException(423, "the upload is being completed; retry shortly");
        }
        guarded(store.terminate(id, token));
        LOG.info("tus upload {} terminated", id);
        exchange.setProperty(STATUS, 204);
        exchange.setProperty(UPLOAD, null);
    }

    /** After the job was enqueued: the upload is done. */
    public void handedOff(Exchange exchange) {
        String id = exchange.getProperty(ID, String.class);
        guarded(store.retire(id, exchange.getProperty(LOCK, String.class), Phase.HANDOFF, Phase.COMPLETED,
                settings.keepMs()));
        LOG.info("tus upload {} handed off for transcoding", id);
    }

    /** Releases the lock and answers 201 or 204 with the offset the client continues from. */
    public void respond(Exchange exchange) {
        release(exchange);
        int status = exchange.getProperty(STATUS, 204, Integer.class);
        Map<String, String> headers = new LinkedHashMap<>();
        TusUpload upload = exchange.getProperty(UPLOAD, TusUpload.class);
        if (upload != null) {
            String id = upload.id();
            TusUpload now = store.find(id).orElse(upload);
            headers.put("Upload-Offset", Long.toString(now.offset()));
            if (now.phase() == Phase.UPLOADING) {
                headers.put("Upload-Expires", TusRules.httpDate(now.expiresAt()));
            }
            if (status == 201) {
                headers.put("Location", settings.location(id));
            }
        }
        TusResponses.reply(exchange, status, headers, null);
    }

    /** The sweeper's recovery of an upload whose last byte arrived at a replica that then died. */
    public void recover(Exchange exchange) throws IOException {
        String id = exchange.getMessage().getBody(String.class);
        exchange.setProperty(ID, id);
        Optional<String> token = locks.acquire(id);
        if (token.isEmpty()) {
            return; // someone is on it
        }
        exchange.setProperty(LOCK, token.get());
        Optional<TusUpload> upload = store.find(id);
        if (upload.isEmpty() || !upload.get().complete()) {
            store.unindex(id);
            return;
        }
        LOG.warn("Finishing tus upload {} left in {} by a replica that stopped", id, upload.get().phase().wire());
        finish(exchange, upload.get(), token.get());
    }

    public void release(Exchange exchange) {
        String token = exchange.getProperty(LOCK, String.class);
        if (token != null) {
            exchange.removeProperty(LOCK);
            try {
                locks.release(exchange.getProperty(ID, String.class), token);
            } catch (RuntimeException e) {
                LOG.warn("Could not release a tus lock (its lease runs out): {}", e.toString());
            }
        }
    }

    /** The error answer: the status, a short reason, and the lock given back. */
    public void failed(Exchange exchange) {
        release(exchange);
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status = TusResponses.status(caught);
        String reason = TusResponses.reason(caught, status);
        if (status >= 500) {
            LOG.error("tus request failed", caught);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (status == 412) {
            headers.put("Tus-Version", TusRules.VERSION);
        }
        if (status == 503) {
            headers.put("Retry-After", "1");
        }
        String method = exchange.getProperty(METHOD, String.class);
        boolean bodyUnread = ("PATCH".equals(method) || "POST".equals(method))
                && !exchange.getProperty(BODY_READ, false, Boolean.class);
        if (bodyUnread) {
            // the refused body is not read; closing is cheaper than draining it
            headers.put("Connection", "close");
        }
        TusResponses.reply(exchange, status, headers, "HEAD".equals(method) ? null : reason);
    }

    private TusUpload write(Exchange exchange, TusUpload upload, String token, byte[] checksum) throws IOException {
        HttpServerRequest request = TusResponses.request(exchange);
        if (request == null) {
            throw new ApiException(500, "the tus routes must not buffer the request body");
        }
        if (!writers.tryAcquire()) {
            throw new ApiException(503, "this replica is taking as many uploads as it can; retry shortly");
        }
        try {
            String id = upload.id();
            byte[] tail = store.tail(id);
            if (tail.length != upload.tailLength()) {
                throw new IllegalStateException("upload " + id + " has " + tail.length + " tail bytes, expected "
                        + upload.tailLength());
            }
            RequestInputStream body = new RequestInputStream(request, settings.idleTimeoutMs(), settings.minimumRate());
            new PartWriter(upload.partSize()).write(body, upload.offset(), upload.length(), tail, checksum,
                    parts(upload, token));
        } finally {
            writers.release();
        }
        exchange.setProperty(BODY_READ, true);
        return existing(upload.id());
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
            public void commit(List<String> done, byte[] buffer, int tailLength, long from, long to) {
                long now = System.currentTimeMillis();
                guarded(store.commit(id, token, done, TusStore.copy(buffer, tailLength), from, to,
                        now + settings.expiryMs(), now));
                progress(id, to, upload.length());
            }
        };
    }

    /** Completes a finished upload's object and decides, under the lock, whether its job is still to enqueue. */
    private void finish(Exchange exchange, TusUpload upload, String token) throws IOException {
        String id = upload.id();
        switch (upload.phase()) {
            case FINISHING -> {
                objects.complete(upload.objectKey(), upload.s3UploadId(), store.parts(id), upload.length());
                if (videos.find(id).isEmpty()) {
                    videos.create(id, videoFields(upload));
                }
                guarded(store.advance(id, token, Phase.FINISHING, Phase.HANDOFF));
                enqueue(exchange, id);
            }
            case HANDOFF -> {
                Optional<Map<String, String>> record = videos.find(id);
                Handoff.Step step = Handoff.afterCrash(queue.holds(TranscodeJob.VIDEO_ID, id), record.isPresent(),
                        record.map(r -> r.get("status")).orElse(""),
                        record.map(r -> Integer.parseInt(r.getOrDefault("attempts", "0"))).orElse(0));
                if (step == Handoff.Step.ENQUEUE) {
                    enqueue(exchange, id);
                } else {
                    exchange.setProperty(ID, id);
                    handedOff(exchange);
                }
            }
            default -> {
            }
        }
    }

    private static void enqueue(Exchange exchange, String id) {
        exchange.setProperty(ENQUEUE, true);
        exchange.getMessage().setBody(TranscodeJob.of(id));
    }

    private static Map<String, String> videoFields(TusUpload upload) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("filename", upload.filename());
        fields.put("contentType", upload.filetype());
        fields.put("size", Long.toString(upload.length()));
        fields.put("rawKey", upload.objectKey());
        fields.put("source", "tus");
        return fields;
    }

    private TusUpload existing(String id) {
        TusUpload upload = store.find(id).orElseThrow(() -> new ApiException(404, "no such upload"));
        if (upload.expired(System.currentTimeMillis())) {
            throw new ApiException(410, "the upload expired and was removed");
        }
        return upload;
    }

    private static void guarded(TusStore.Write write) {
        switch (write) {
            case DONE -> {
            }
            case LOCK_LOST -> throw new ApiException(423, "the upload's lock ran out; retry");
            case WRONG_OFFSET -> throw new ApiException(409, "the upload moved on meanwhile; ask for its offset");
            case WRONG_PHASE -> throw new ApiException(409, "the upload changed state meanwhile; ask for its offset");
        }
    }

    private void progress(String id, long received, long total) {
        try {
            events.upload(id, received, total);
        } catch (RuntimeException e) {
            LOG.debug("Could not publish upload progress of {}: {}", id, e.toString());
        }
    }

    private Map<String, String> capabilities() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Tus-Version", TusRules.VERSION);
        headers.put("Tus-Extension", TusRules.EXTENSIONS);
        headers.put("Tus-Max-Size", Long.toString(settings.maxSize()));
        headers.put("Tus-Checksum-Algorithm", TusRules.CHECKSUM_ALGORITHMS);
        return headers;
    }

    private static boolean chunked(Exchange exchange) {
        HttpServerRequest request = TusResponses.request(exchange);
        String encoding = request == null ? null : request.getHeader("Transfer-Encoding");
        return encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
    }
}
