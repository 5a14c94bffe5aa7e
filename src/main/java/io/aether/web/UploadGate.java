package io.aether.web;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Bounds how many upload bodies (multipart POST, tus PATCH and creation-with-upload) this replica
 * reads at once. Each one holds a Vert.x worker thread for as long as its client takes, and reads,
 * health and every other route run on the same pool; so beyond the bound a body is refused on the
 * event loop, before any worker thread is taken, with 503 and Retry-After, and its connection closed.
 */
public final class UploadGate {
    static final String REASON = "this replica is taking as many uploads as it can; retry shortly";
    private static final String TUS_VERSION = "1.0.0";

    private final Semaphore bodies;

    public UploadGate(int maxBodies) {
        this.bodies = new Semaphore(Math.max(1, maxBodies));
    }

    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!carriesUpload(request)) {
            ctx.next();
            return;
        }
        if (!bodies.tryAcquire()) {
            Map<String, String> headers = isTus(request.path())
                    ? Map.of("Retry-After", "1", "Tus-Resumable", TUS_VERSION)
                    : Map.of("Retry-After", "1");
            ConnectionRules.refuse(ctx, 503, REASON, headers);
            return;
        }
        AtomicBoolean held = new AtomicBoolean(true);
        // ends with the answer or with the connection, whichever comes first
        ctx.addEndHandler(done -> {
            if (held.getAndSet(false)) {
                bodies.release();
            }
        });
        ctx.next();
    }

    /** Whether the request is one the upload or tus routes read a body from (routes/api/upload.yaml, tus.yaml). */
    public static boolean carriesUpload(HttpServerRequest request) {
        String path = request.path();
        if (path == null) {
            return false;
        }
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        HttpMethod method = request.method();
        if (path.equals("/api/v1/upload")) {
            return HttpMethod.POST.equals(method);
        }
        if (path.equals("/files")) {
            return HttpMethod.POST.equals(method) && hasBody(request);
        }
        if (path.startsWith("/files/")) {
            String override = request.getHeader("X-HTTP-Method-Override");
            return HttpMethod.PATCH.equals(method) || HttpMethod.POST.equals(method)
                    && override != null && override.trim().equalsIgnoreCase("PATCH");
        }
        return false;
    }

    private static boolean isTus(String path) {
        return path != null && path.startsWith("/files");
    }

    private static boolean hasBody(HttpServerRequest request) {
        String encoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return true;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length != null && Long.parseLong(length.trim()) > 0;
        } catch (NumberFormatException e) {
            return true; // the route refuses it; counting it costs nothing
        }
    }
}
