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
                    if (response.closed()) {
                        return; // the player went away
                    }
                    awaitRoom(response, stallMs);
                    response.write(Buffer.buffer(Arrays.copyOf(buffer, n)));
                }
            }
        }
        response.end();
    }

    private static void awaitRoom(HttpServerResponse response, long stallMs)
            throws InterruptedException, TimeoutException {
        if (!response.writeQueueFull()) {
            return;
        }
        CompletableFuture<Void> drained = new CompletableFuture<>();
        response.drainHandler(v -> drained.complete(null));
        response.closeHandler(v -> drained.complete(null));
        if (!response.writeQueueFull()) {
            drained.complete(null); // drained before the handler was set
        }
        try {
            drained.get(stallMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            response.reset();
            throw e;
        }
    }
}
