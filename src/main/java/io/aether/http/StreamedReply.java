package io.aether.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes a stream of known length straight to the Vert.x response, with {@code Content-Length}:
 * platform-http would send any stream chunked, without a length. The route's thread writes and
 * waits while the client's queue is full, so a slow player holds no more than one buffer here.
 * Once the response has ended, platform-http writes nothing more.
 */
public final class StreamedReply {
    private static final int BUFFER = 64 * 1024;
    private static final long CHECK_MS = 500;

    private StreamedReply() {
    }

    /**
     * @param stallMs how long a client may take to make room for the next buffer before the answer is cut off
     */
    public static void send(HttpServerRequest request, int status, Map<String, String> headers, long length,
            InputStream body, long stallMs) throws IOException, InterruptedException, TimeoutException {
        HttpServerResponse response = request.response();
        response.setStatusCode(status);
        headers.forEach(response::putHeader);
        response.putHeader("Content-Length", Long.toString(length));
        try (InputStream in = body) {
            if (request.method() != HttpMethod.HEAD) {
                byte[] buffer = new byte[BUFFER];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (!awaitRoom(response, stallMs)) {
                        return; // the player went away
                    }
                    try {
                        response.write(Buffer.buffer(Arrays.copyOf(buffer, n)));
                    } catch (IllegalStateException closed) {
                        return; // it went away just now
                    }
                }
            }
        }
        response.end();
    }

    /** Waits until the client's queue has room; false when the client has gone. */
    private static boolean awaitRoom(HttpServerResponse response, long stallMs)
            throws InterruptedException, TimeoutException {
        if (response.closed()) {
            return false;
        }
        if (!response.writeQueueFull()) {
            return true;
        }
        CompletableFuture<Void> drained = new CompletableFuture<>();
        response.drainHandler(v -> drained.complete(null));
        if (!response.writeQueueFull()) {
            drained.complete(null); // drained before the handler was set
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(stallMs);
        while (!drained.isDone()) {
            if (response.closed()) {
                return false;
            }
            if (System.nanoTime() > deadline) {
                response.reset();
                throw new TimeoutException("the client took no bytes for " + stallMs + " ms");
            }
            try {
                drained.get(CHECK_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillFull) {
                // look again whether the client is still there
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return true;
    }
}
