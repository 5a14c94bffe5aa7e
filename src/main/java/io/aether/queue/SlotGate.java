package io.aether.queue;

import java.util.function.BooleanSupplier;

/**
 * Who may run on this process. Every job enters shared (each of the consumer's threads holds at
 * most one); a job that finds it needs the machine to itself upgrades: it gives up its shared hold,
 * then waits for the other shared jobs to end, and from the moment it waits no thread takes new
 * work, so it cannot be starved; when it leaves the threads read again. Two jobs upgrading at once
 * both give up their shared holds before waiting, so one goes after the other instead of each
 * waiting for the other. Waits give up when {@code running} turns false (the worker stops).
 */
final class SlotGate {
    private static final long RECHECK_MS = 200;

    /** What a job holds: its mode decides how it leaves. */
    enum Hold { NONE, SHARED, EXCLUSIVE }

    private int shared;
    private boolean exclusive;
    private int exclusiveWaiting;

    /** Before a thread reads the queue: not while an exclusive job runs or waits. False when stopping. */
    synchronized boolean awaitRead(BooleanSupplier running) throws InterruptedException {
        while (closed() && running.getAsBoolean()) {
            wait(RECHECK_MS);
        }
        return running.getAsBoolean();
    }

    /** Before a job runs: SHARED, or NONE when the worker stops meanwhile. */
    synchronized Hold enter(BooleanSupplier running) throws InterruptedException {
        while (closed() && running.getAsBoolean()) {
            wait(RECHECK_MS);
        }
        if (!running.getAsBoolean()) {
            return Hold.NONE;
        }
        shared++;
        return Hold.SHARED;
    }

    /**
     * From a shared hold to the machine alone: EXCLUSIVE, or NONE (the shared hold given up too)
     * when the worker stops meanwhile. Holding it already changes nothing.
     */
    synchronized Hold upgrade(Hold held, BooleanSupplier running) throws InterruptedException {
        if (held != Hold.SHARED) {
            return held;
        }
        shared--;
        exclusiveWaiting++;
        try {
            while ((exclusive || shared > 0) && running.getAsBoolean()) {
                wait(RECHECK_MS);
            }
        } finally {
            exclusiveWaiting--;
            notifyAll();
        }
        if (!running.getAsBoolean()) {
            return Hold.NONE;
        }
        exclusive = true;
        return Hold.EXCLUSIVE;
    }

    synchronized void leave(Hold held) {
        switch (held) {
            case SHARED -> shared--;
            case EXCLUSIVE -> exclusive = false;
            case NONE -> {
            }
        }
        notifyAll();
    }

    synchronized int sharedRunning() {
        return shared;
    }

    synchronized boolean exclusiveRunning() {
        return exclusive;
    }

    private boolean closed() {
        return exclusive || exclusiveWaiting > 0;
    }
}
