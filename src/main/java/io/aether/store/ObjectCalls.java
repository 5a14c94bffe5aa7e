package io.aether.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Waits for the object store from a thread that blocks anyway: a call of MinIO's async client or a part
 * on its way. Every failure becomes an IOException; one that already is one (a refused part, a broken
 * connection) comes out as it is, so the outage and full-disk checks see it.
 */
public final class ObjectCalls {
    private ObjectCalls() {
    }

    /** One call of the async client, which may also throw before it starts. */
    public interface Call<T> {
        CompletableFuture<T> start() throws Exception;
    }

    public static <T> T await(Call<T> call) throws IOException {
        CompletableFuture<T> started;
        try {
            started = call.start();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw failure(e);
        }
        return join(started);
    }

    public static <T> T join(CompletableFuture<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while talking to the object store");
        } catch (ExecutionException e) {
            throw failure(e.getCause() != null ? e.getCause() : e);
        }
    }

    /** The IOException a failed call or part stands for. */
    static IOException failure(Throwable thrown) {
        Throwable cause = thrown;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof IOException io ? io : new IOException("object store: " + cause.getMessage(), cause);
    }
}
