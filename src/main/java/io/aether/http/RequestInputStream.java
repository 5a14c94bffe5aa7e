package io.aether.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * A Vert.x request body as a blocking InputStream for a worker thread, with back-pressure:
 * the request is paused while too much is queued, so a fast client cannot fill the heap.
 * A client that keeps sending, but slower than the {@link MinimumRate}, is cut off: the idle timeout
 * alone restarts with every byte, so a byte a second would hold the reading thread for ever.
 */
public final class RequestInputStream extends InputStream {
    private static final long DEFAULT_HIGH_WATER = 4L * 1024 * 1024;
    private static final Object END = new Object();

    private final HttpServerRequest request;
    private final long idleTimeoutMs;
    private final MinimumRate rate;
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
    /** Time spent waiting for the client, and what it sent, in the current rate window. */
    private long waitedNanos;
    private long windowBytes;

    public RequestInputStream(HttpServerRequest request, long idleTimeoutMs, MinimumRate rate) {
        this(request, idleTimeoutMs, rate, DEFAULT_HIGH_WATER);
    }

    /**
     * @param highWater how much may queue up before the client is paused; a reader that stops to
     *     store what it read keeps the client sending for this long
     */
    public RequestInputStream(HttpServerRequest request, long idleTimeoutMs, MinimumRate rate, long highWater) {
        this.request = request;
        this.idleTimeoutMs = idleTimeoutMs;
        this.rate = rate;
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
        if (request.version() == HttpVersion.HTTP_1_1 && "100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            // curl asks before any body over 1 MiB and, unanswered, waits a whole second before sending it;
            // the request was checked already, so the answer is yes
            request.response().writeContinue();
        }
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
            Object next = take();
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

    /** The next item from the event loop, failing when the client went quiet or is too slow. */
    private Object take() throws IOException {
        long idleDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(idleTimeoutMs);
        long windowNanos = TimeUnit.MILLISECONDS.toNanos(rate.windowMs());
        while (true) {
            long start = System.nanoTime();
            long wait = idleDeadline - start;
            if (rate.enabled()) {
                wait = Math.min(wait, windowNanos - waitedNanos);
            }
            Object next;
            try {
                next = queue.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IncompleteUploadException("interrupted while reading the upload", e);
            }
            long now = System.nanoTime();
            waitedNanos += now - start;
            if (next instanceof Buffer buffer) {
                windowBytes += buffer.length();
            }
            if (rate.enabled() && waitedNanos >= windowNanos && next != END) {
                if (windowBytes < rate.bytesPerWindow()) {
                    throw new TooSlowException(windowBytes, rate);
                }
                waitedNanos = 0;
                windowBytes = 0;
            }
            if (next != null) {
                return next;
            }
            if (now - idleDeadline >= 0) {
                throw new IncompleteUploadException("the client sent nothing for " + idleTimeoutMs / 1000 + " s", null);
            }
        }
    }
}
