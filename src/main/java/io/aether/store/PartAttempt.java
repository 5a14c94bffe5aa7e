package io.aether.store;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;

/**
 * One try at sending one part, run entirely on one Vert.x context so that its stages, timers and the
 * connection's callbacks never race. Each stage (a connection, the write, the answer, its body) has its
 * own deadline, and the whole try a watchdog: whatever the store or the connection does, the future
 * completes, with an IOException naming the stage that did not finish.
 *
 * <p>The answer's handlers are attached as soon as the request exists. They used to be attached only
 * once the write had ended; a store that answered (or whose answer ended) before that left Vert.x with
 * nowhere to deliver the body, and the part waited forever: the request had its answer, so no idle
 * timer was left either.
 */
final class PartAttempt {
    private static final Pattern CODE = Pattern.compile("<Code>([^<]*)</Code>");
    /** How much of a part is handed to the connection at once; its write queue bounds what waits. */
    private static final int SLICE = 256 * 1024;

    private final Context context;
    private final HttpClient http;
    private final RequestOptions options;
    private final byte[] buffer;
    private final int length;
    private final String what;
    private final long connectMs;
    private final long idleMs;
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private HttpClientRequest request;
    private String stage = "waiting for a connection";
    private long stageTimer = -1;
    private long watchdog = -1;
    private boolean written;
    private boolean ended;
    private boolean answered;

    private PartAttempt(Context context, HttpClient http, RequestOptions options, byte[] buffer, int length,
            String what, long connectMs, long idleMs) {
        this.context = context;
        this.http = http;
        this.options = options;
        this.buffer = buffer;
        this.length = length;
        this.what = what;
        this.connectMs = connectMs;
        this.idleMs = idleMs;
    }

    /**
     * Starts the try on the given context; completes with the ETag, a {@link S3Parts.StoreException}
     * for a refusal, or an IOException naming the stage that failed or ran out of time.
     *
     * @param wholeMs the watchdog: the whole try, whatever its stages do
     */
    static CompletableFuture<String> start(Context context, HttpClient http, RequestOptions options, byte[] buffer,
            int length, String what, long connectMs, long idleMs, long wholeMs) {
        PartAttempt attempt = new PartAttempt(context, http, options, buffer, length, what, connectMs, idleMs);
        context.runOnContext(v -> attempt.begin(wholeMs));
        return attempt.result;
    }

    private void begin(long wholeMs) {
        watchdog = context.owner().setTimer(wholeMs, t -> {
            watchdog = -1;
            finish(null, new IOException(what + " did not finish within " + wholeMs + " ms (while " + stage + ")"));
        });
        deadline("waiting for a connection", connectMs);
        http.request(options).onComplete(made -> {
            if (made.failed()) {
                fail(made.cause());
                return;
            }
            request = made.result();
            if (result.isDone()) {
                request.reset(0);
                return;
            }
            // before the first byte goes out: from now on the answer cannot arrive unheard
            request.exceptionHandler(this::writeFailed);
            request.response().onComplete(response -> {
                if (response.succeeded()) {
                    answer(response.result());
                } else {
                    fail(response.cause());
                }
            });
            deadline("sending", idleMs);
            pump(0);
        });
    }

    /** Writes slices while the connection takes them; each wait for it to drain has the idle deadline. */
    private void pump(int from) {
        int at = from;
        while (at < length && !request.writeQueueFull() && !result.isDone() && !answered) {
            int n = Math.min(SLICE, length - at);
            request.write(Buffer.buffer(Unpooled.wrappedBuffer(buffer, at, n)));
            at += n;
        }
        if (result.isDone() || answered) {
            return; // the store answered early: the rest of the part is not wanted
        }
        if (at < length) {
            int next = at;
            deadline("sending (the store took no bytes)", idleMs);
            request.drainHandler(v -> pump(next));
            return;
        }
        request.drainHandler(null);
        // every byte is with the connection now: a busy event loop may hear the store's answer before the
        // end's own completion, and that answer is no less trustworthy for it
        written = true;
        request.end().onComplete(end -> {
            if (end.failed()) {
                writeFailed(end.cause());
                return;
            }
            ended = true;
            if (!answered && !result.isDone()) {
                deadline("waiting for the answer", idleMs);
            }
        });
    }

    private void answer(HttpClientResponse response) {
        answered = true;
        deadline("reading the answer", idleMs);
        response.exceptionHandler(this::fail);
        response.body().onComplete(body -> {
            if (body.failed()) {
                fail(body.cause());
                return;
            }
            String tag = response.getHeader("ETag");
            if (response.statusCode() / 100 != 2 || tag == null) {
                Matcher code = CODE.matcher(body.result().toString());
                finish(null, new S3Parts.StoreException(response.statusCode(), code.find() ? code.group(1) : "", what));
            } else if (!written) {
                // a success before the whole part went out cannot be trusted
                finish(null, new IOException("the store answered " + response.statusCode() + " before " + what
                        + " was sent"));
            } else {
                finish(tag.replace("\"", ""), null);
            }
        });
    }

    /** Arms the stage's deadline in place of the previous stage's. */
    private void deadline(String name, long ms) {
        stage = name;
        if (stageTimer >= 0) {
            context.owner().cancelTimer(stageTimer);
        }
        stageTimer = context.owner().setTimer(ms, t -> {
            stageTimer = -1;
            // a timeout, like a socket's: the store is away (503), and waiting longer only holds the client
            finish(null, new SocketTimeoutException(what + ": no progress for " + ms + " ms while " + name));
        });
    }

    /**
     * A store that refuses a part may answer first and then close the connection on the rest: its answer
     * says more than the broken write, and the answer's own deadline still holds.
     */
    private void writeFailed(Throwable cause) {
        if (!answered) {
            fail(cause);
        }
    }

    /** The connection or the store failed the request. */
    private void fail(Throwable cause) {
        finish(null, new IOException(what + " failed while " + stage + ": " + cause, cause));
    }

    private void finish(String etag, IOException failure) {
        if (result.isDone()) {
            return;
        }
        if (stageTimer >= 0) {
            context.owner().cancelTimer(stageTimer);
            stageTimer = -1;
        }
        if (watchdog >= 0) {
            context.owner().cancelTimer(watchdog);
            watchdog = -1;
        }
        if (failure == null) {
            result.complete(etag);
            return;
        }
        result.completeExceptionally(failure); // first: the reset below calls the exception handler back
        boolean clean = failure instanceof S3Parts.StoreException && ended;
        if (request != null && !clean) {
            // cut off mid-part or in an unknown state: the connection must not carry another part
            request.reset(0, failure);
        }
    }
}
