package io.aether.store;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Giving something back to Redis (a lock, an upload slot) as a request ends, without holding up its
 * answer through an outage: the call runs on its owner's thread and the answer waits for it only
 * briefly. A request that failed for a stalled Redis has already waited out one Redis timeout; a
 * second one would double it. What the call could not give back, its lease frees.
 */
public final class GiveBack {
    /** How long an answer waits for the call: long enough for a Redis that answers, far below its timeout. */
    public static final long WAIT_MS = 300;

    private GiveBack() {
    }

    /** Runs {@code call} on {@code owner}; {@code failed} hears its failure, early or late. */
    public static void run(ExecutorService owner, Runnable call, Consumer<RuntimeException> failed) {
        Runnable guarded = () -> {
            try {
                call.run();
            } catch (RuntimeException e) {
                failed.accept(e);
            }
        };
        Future<?> done;
        try {
            done = owner.submit(guarded);
        } catch (RejectedExecutionException stopping) {
            guarded.run(); // the owner stopped with the context: give back here, a shutdown may wait
            return;
        }
        try {
            done.get(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // the answer goes first; the call finishes behind it, or the lease runs out
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // only an Error gets here: the call's exceptions went to failed
            throw new IllegalStateException("giving back failed on its owner's thread", e.getCause());
        }
    }
}
