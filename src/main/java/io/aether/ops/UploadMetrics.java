package io.aether.ops;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.aether.web.UploadGate;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Uploads in flight and the bytes they bring, seen at the edge of the HTTP router for both kinds
 * (multipart POST and tus), so the upload routes carry no metric code. The byte count grows while
 * a body arrives, not only when it ends: a running total is the bytes of finished bodies plus what
 * each open one has read so far.
 */
final class UploadMetrics {
    /** Before the connection rules (-2), CORS and the upload gate (-1): a refused upload is seen too. */
    static final int ORDER = -3;

    private final Kind multipart = new Kind();
    private final Kind tus = new Kind();

    void register(MeterRegistry registry) {
        multipart.register(registry, "multipart");
        tus.register(registry, "tus");
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!UploadGate.carriesUpload(request)) {
            ctx.next();
            return;
        }
        Kind kind = request.path().startsWith("/files") ? tus : multipart;
        kind.open.add(request);
        AtomicBoolean counted = new AtomicBoolean(true);
        // ends with the answer or with the connection, whichever comes first
        ctx.addEndHandler(done -> {
            if (counted.getAndSet(false)) {
                kind.finish(request);
            }
        });
        ctx.next();
    }

    private static final class Kind {
        private final Set<HttpServerRequest> open = ConcurrentHashMap.newKeySet();
        private final LongAdder done = new LongAdder();

        void register(MeterRegistry registry, String kind) {
            Gauge.builder("aether.uploads.in.flight", open, Set::size)
                    .description("Upload bodies being received by this replica").tag("kind", kind).register(registry);
            FunctionCounter.builder("aether.upload.received", this, Kind::received).baseUnit("bytes")
                    .description("Upload body bytes received by this replica").tag("kind", kind).register(registry);
        }

        /** Moves a body from open to done in one step, so the total never dips or doubles. */
        synchronized void finish(HttpServerRequest request) {
            done.add(request.bytesRead());
            open.remove(request);
        }

        /** Finished bodies plus what the open ones read so far; never goes down. */
        private synchronized double received() {
            long total = done.sum();
            for (HttpServerRequest request : open) {
                total += request.bytesRead();
            }
            return total;
        }
    }
}
