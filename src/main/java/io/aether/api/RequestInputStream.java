package io.aether.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A Vert.x request body as a blocking InputStream for a worker thread, with back-pressure:
 * the request is paused while too much is queued, so a fast client cannot fill the heap.
 */
public final class RequestInputStream extends InputStream {
    private static final long DEFAULT_HIGH_WATER = 4L * 1024 * 1024;
    private static final Object END = new Object();

    private final HttpServerRequest request;
    private final long idleTimeoutMs;
    private final long highWater;
    private final long lowWater;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    /**
     * Guards queued and paused together: checked apart, the event loop could pause just after the reader
     * emptied the queue and decided not to resume, and the upload would stall until the idle timeout.
     */
    private final Object flow = new Object();
    private long queued;
    private boolean paused;
    private Buffer current;
    private int position;
    private boolean ended;

    public RequestInputStream(HttpServerRequest request, long idleTimeoutMs) {
        this(request, idleTimeoutMs, DEFAULT_HIGH_WATER);
    }

    /**
     * @param highWater how much may queue up before the client is paused; a reader that stops to
     *     store what it read keeps the client sending for this long
     */
    public RequestInputStream(HttpServerRequest request, long idleTimeoutMs, long highWater) {
        this.request = request;
        this.idleTimeoutMs = idleTimeoutMs;
        this.highWater = highWater;
        this.lowWater = highWater / 4;
        request.handler(buffer -> {
            synchronized (flow) {
                queue.add(buffer);
                queued += buffer.length();
                if (queued > highWater && !paused) {
                    paused = true;
                    request.pause();
                }
            }
        });
        request.exceptionHandler(queue::add);
        request.endHandler(v -> queue.add(END));
        request.resume();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.length() - position);
        current.getBytes(position, position + n, buffer, off);
        position += n;
        return n;
    }

    private boolean fill() throws IOException {
        while (current == null || position >= current.length()) {
            if (ended) {
                return false;
            }
            Object next;
            try {
                next = queue.poll(idleTimeoutMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IncompleteUploadException("interrupted while reading the upload", e);
            }
            if (next == null) {
                throw new IncompleteUploadException("the client sent nothing for " + idleTimeoutMs / 1000 + " s", null);
            }
            if (next == END) {
                ended = true;
                return false;
            }
            if (next instanceof Throwable failure) {
                throw new IncompleteUploadException("the upload was interrupted: " + failure.getMessage(), failure);
            }
            current = (Buffer) next;
            position = 0;
            synchronized (flow) {
                queued -= current.length();
                if (queued < lowWater && paused) {
                    paused = false;
                    request.resume();
                }
            }
        }
        return true;
    }
}
