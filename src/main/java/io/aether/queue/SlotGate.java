package io.aether.queue;

import java.util.function.BooleanSupplier;

/**
 * Who may run on this process: shared jobs side by side (each of the consumer's threads holds at
 * most one), an exclusive job alone. An exclusive job waits for the shared ones running to end, and
 * from the moment it waits no thread takes new work, so it cannot be starved; when it ends the
 * threads read again. Waits give up when {@code running} turns false (the worker stops).
 */
final class SlotGate {
    private static final long RECHECK_MS = 200;

    private int shared;
    private boolean exclusive;
    private int exclusiveWaiting;

    /** Before a thread reads the queue: not while an exclusive job runs or waits. False when stopping. */
    synchronized boolean awaitRead(BooleanSupplier running) throws InterruptedException {
        while ((exclusive || exclusiveWaiting > 0) && running.getAsBoolean()) {
            wait(RECHECK_MS);
        }
        return running.getAsBoolean();
    }

    /** Before a job runs; false (and nothing held) when the worker stops meanwhile. */
    synchronized boolean enter(boolean sharedJob, BooleanSupplier running) throws InterruptedException {
        if (sharedJob) {
            while ((exclusive || exclusiveWaiting > 0) && running.getAsBoolean()) {
                wait(RECHECK_MS);
            }
            if (!running.getAsBoolean()) {
                return false;
            }
            shared++;
            return true;
        }
        exclusiveWaiting++;
        try {
            while ((exclusive || shared > 0) && running.getAsBoolean()) {
                wait(RECHECK_MS);
            }
        } finally {
            exclusiveWaiting--;
        }
        if (!running.getAsBoolean()) {
            notifyAll();
            return false;
        }
        exclusive = true;
        return true;
    }

    synchronized void leave(boolean sharedJob) {
        if (sharedJob) {
            shared--;
        } else {
            exclusive = false;
        }
        notifyAll();
    }

    synchronized int sharedRunning() {
        return shared;
    }

    synchronized boolean exclusiveRunning() {
        return exclusive;
    }
}
