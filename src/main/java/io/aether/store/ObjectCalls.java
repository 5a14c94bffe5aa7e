package io.aether.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Waits for a call of MinIO's async client from a thread that blocks anyway; its failures become IOExceptions. */
public final class ObjectCalls {
    private ObjectCalls() {
    }

    /** One call of the async client, which may also throw before it starts. */
    public interface Call<T> {
        CompletableFuture<T> start() throws Exception;
    }

    public static <T> T await(Call<T> call) throws IOException {
        try {
            return call.start().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while talking to the object store");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new IOException("object store: " + cause.getMessage(), cause);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("object store: " + e.getMessage(), e);
        }
    }
}
