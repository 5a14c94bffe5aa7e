package io.aether.tus;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.aether.Keys;
import io.aether.http.Replies;
import io.aether.http.RequestInputStream;
import io.aether.jobs.TranscodeJob;
import io.aether.tus.TusUpload.Phase;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of routes/api/tus.yaml: request headers through {@link TusRules} to
 * {@link TusUploads}, and its outcome back as tus answers. The upload's lock, once taken, is kept
 * on the exchange; the tus routes release it in one place when the exchange is done.
 */
public final class TusApi {
    /** Request headers a browser may send to /files/ (CORS). */
    public static final Set<String> ALLOWED_HEADERS = Set.of("Tus-Resumable", "Upload-Length", "Upload-Offset",
            "Upload-Metadata", "Upload-Checksum", "Upload-Defer-Length", "Upload-Concat", "X-HTTP-Method-Override",
            "X-Requested-With");
    /** Response headers browser code may read (CORS). */
    public static final Set<String> EXPOSED_HEADERS = Set.of("Tus-Resumable", "Tus-Version", "Tus-Extension",
            "Tus-Max-Size", "Tus-Checksum-Algorithm", "Upload-Offset", "Upload-Length", "Upload-Metadata",
            "Upload-Expires", "Location");
    private static final String LOCK = "AetherTusLock";
    private static final String STATUS = "AetherTusStatus";
    private static final String BODY_READ = "AetherTusBodyRead";
    private static final Logger LOG = LoggerFactory.getLogger(TusApi.class);

    private final TusSettings settings;
    private final TusUploads uploads;

    public TusApi(TusSettings settings, TusUploads uploads) {
        this.settings = settings;
        this.uploads = uploads;
    }

    /** POST on /files/{id}: the tus verb its X-HTTP-Method-Override stands in for. */
    public void overridden(Exchange exchange) {
        exchange.setProperty(Keys.TUS_VERB,
                TusRules.override(exchange.getMessage().getHeader("X-HTTP-Method-Override", String.class)));
    }

    /** OPTIONS: what this server supports; the one request that needs no Tus-Resumable. */
    public void options(Exchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Tus-Version", TusRules.VERSION);
        headers.put("Tus-Extension", TusRules.EXTENSIONS);
        headers.put("Tus-Max-Size", Long.toString(settings.maxSize()));
        headers.put("Tus-Checksum-Algorithm", TusRules.CHECKSUM_ALGORITHMS);
        TusResponses.reply(exchange, 204, headers, null);
    }

    /** POST /files/: creation, and creation-with-upload when the request carries bytes. */
    public void create(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        TusRules.requireVersion(in.getHeader("Tus-Resumable", String.class));
        long length = TusRules.uploadLength(in.getHeader("Upload-Length", String.class),
                in.getHeader("Upload-Defer-Length", String.class), settings.maxSize());
        UploadMetadata metadata = UploadMetadata.parse(in.getHeader("Upload-Metadata", String.class));
        metadata.ladder(); // refused here, before anything is stored
        Long contentLength = in.getHeader(Exchange.CONTENT_LENGTH, Long.class);
        boolean withUpload = (contentLength != null && contentLength > 0) || chunked(exchange);
        byte[] checksum = null;
        if (withUpload) {
            TusRules.requireOffsetOctetStream(in.getHeader(Exchange.CONTENT_TYPE, String.class));
            TusRules.requireFits(0, contentLength, length);
            checksum = TusRules.checksum(in.getHeader("Upload-Checksum", String.class));
        }
        TusUpload upload = uploads.create(length, metadata, owner(exchange));
        exchange.setProperty(Keys.VIDEO_ID, upload.id());
        exchange.setProperty(STATUS, 201);
        if (withUpload) {
            handOff(exchange, uploads.append(upload.id(), 0, contentLength, checksum, body(exchange),
                    holding(exchange)));
        }
    }

    /** HEAD: where the upload stands. */
    public void head(Exchange exchange, @Header("id") String rawId) {
        TusRules.requireVersion(exchange.getMessage().getHeader("Tus-Resumable", String.class));
        String id = TusRules.uploadId(rawId);
        uploads.owned(id, owner(exchange));
        TusUpload upload = uploads.existing(id);
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

    /** PATCH: appends the body at Upload-Offset; the last byte completes the object. */
    public void patch(Exchange exchange, @Header("id") String rawId) throws IOException {
        Message in = exchange.getMessage();
        TusRules.requireVersion(in.getHeader("Tus-Resumable", String.class));
        String id = TusRules.uploadId(rawId);
        uploads.owned(id, owner(exchange));
        TusRules.requireOffsetOctetStream(in.getHeader(Exchange.CONTENT_TYPE, String.class));
        long offset = TusRules.uploadOffset(in.getHeader("Upload-Offset", String.class));
        byte[] checksum = TusRules.checksum(in.getHeader("Upload-Checksum", String.class));
        exchange.setProperty(Keys.VIDEO_ID, id);
        exchange.setProperty(STATUS, 204);
        handOff(exchange, uploads.append(id, offset, in.getHeader(Exchange.CONTENT_LENGTH, Long.class), checksum,
                body(exchange), holding(exchange)));
    }

    /** DELETE: termination. */
    public void terminate(Exchange exchange, @Header("id") String rawId) throws IOException {
        TusRules.requireVersion(exchange.getMessage().getHeader("Tus-Resumable", String.class));
        String id = TusRules.uploadId(rawId);
        uploads.owned(id, owner(exchange));
        exchange.setProperty(Keys.VIDEO_ID, id);
        uploads.terminate(id, holding(exchange));
        TusResponses.reply(exchange, 204, Map.of(), null);
    }

    /** The sweeper's recovery of a finished upload a dead replica left; the body is its id. */
    public void recover(Exchange exchange) throws IOException {
        String id = exchange.getMessage().getBody(String.class);
        exchange.setProperty(Keys.VIDEO_ID, id);
        handOff(exchange, uploads.recover(id, holding(exchange)));
    }

    /** After the job was enqueued: the upload is done. */
    public void handedOff(Exchange exchange) {
        uploads.handedOff(exchange.getProperty(Keys.VIDEO_ID, String.class), exchange.getProperty(LOCK, String.class));
    }

    /** After a creation or a PATCH: 201 or 204 with the offset the client continues from. */
    public void respond(Exchange exchange) {
        int status = exchange.getProperty(STATUS, 204, Integer.class);
        String id = exchange.getProperty(Keys.VIDEO_ID, String.class);
        Map<String, String> headers = new LinkedHashMap<>();
        uploads.find(id).ifPresent(now -> {
            headers.put("Upload-Offset", Long.toString(now.offset()));
            if (now.phase() == Phase.UPLOADING) {
                headers.put("Upload-Expires", TusRules.httpDate(now.expiresAt()));
            }
        });
        if (status == 201) {
            headers.put("Location", settings.location(id));
        }
        TusResponses.reply(exchange, status, headers, null);
    }

    /** Gives the upload's lock back, if this exchange took it: the one place the tus routes do. */
    public void release(Exchange exchange) {
        String token = exchange.getProperty(LOCK, String.class);
        if (token != null) {
            exchange.removeProperty(LOCK);
            uploads.release(exchange.getProperty(Keys.VIDEO_ID, String.class), token);
        }
    }

    /** The error answer: the status and reason routes/api/errors.yaml chose, and the tus headers it needs. */
    public void failed(Exchange exchange) {
        int status = exchange.getProperty(Keys.ERROR_STATUS, 500, Integer.class);
        String reason = exchange.getProperty(Keys.ERROR_REASON, "internal error", String.class);
        if (status == 507 || status == 503) {
            // one line per request: an outage or a full disk fails many requests the same way
            LOG.warn("tus request failed ({}): {}", status == 507 ? "the storage is full" : "try again shortly",
                    String.valueOf(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)));
        } else if (status >= 500) {
            LOG.error("tus request failed", exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (status == 503) {
            headers.put("Retry-After", "1");
        }
        if (status == 507) {
            headers.put("Retry-After", "60");
        }
        headers.putAll(Replies.errorHeaders(exchange));
        String verb = exchange.getProperty(Keys.TUS_VERB, String.class);
        boolean bodyUnread = ("patch".equals(verb) || "create".equals(verb))
                && !exchange.getProperty(BODY_READ, false, Boolean.class);
        if (bodyUnread) {
            // the refused body is not read; closing is cheaper than draining it
            headers.put("Connection", "close");
        }
        TusResponses.reply(exchange, status, headers, "head".equals(verb) ? null : reason);
    }

    /** Set by io.aether.access.Access before any step of the route runs. */
    private static String owner(Exchange exchange) {
        String owner = exchange.getProperty(Keys.OWNER, String.class);
        if (owner == null) {
            throw new IllegalStateException("the route did not authenticate the request");
        }
        return owner;
    }

    private static void handOff(Exchange exchange, boolean due) {
        if (due) {
            exchange.setProperty(Keys.HAND_OFF, true);
            exchange.getMessage().setBody(TranscodeJob.of(exchange.getProperty(Keys.VIDEO_ID, String.class)));
        }
    }

    private static Consumer<String> holding(Exchange exchange) {
        return token -> exchange.setProperty(LOCK, token);
    }

    /** The request body as the service reads it: back-pressured, cut off when idle or too slow. */
    private TusUploads.Body body(Exchange exchange) {
        return new TusUploads.Body() {
            @Override
            public RequestInputStream open() {
                HttpServerRequest request = Replies.request(exchange);
                if (request == null) {
                    throw new IllegalStateException("the tus routes must not buffer the request body");
                }
                return new RequestInputStream(request, settings.idleTimeoutMs(), settings.minimumRate());
            }

            @Override
            public void read() {
                exchange.setProperty(BODY_READ, true);
            }
        };
    }

    private static boolean chunked(Exchange exchange) {
        HttpServerRequest request = Replies.request(exchange);
        String encoding = request == null ? null : request.getHeader("Transfer-Encoding");
        return encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
    }
}
