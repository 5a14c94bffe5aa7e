package io.aether.queue;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.apache.camel.Exchange;

/**
 * The hold on this process of the job an exchange carries: shared when it starts; {@link #alone()}
 * turns it into the machine to itself. The consumer leaves by the hold there is when the job ends.
 */
public final class Slot {
    private final SlotGate gate;
    private final BooleanSupplier running;
    private final LongSupplier waiting;
    private volatile SlotGate.Hold hold;

    Slot(SlotGate gate, BooleanSupplier running, LongSupplier waiting, SlotGate.Hold hold) {
        this.gate = gate;
        this.running = running;
        this.waiting = waiting;
        this.hold = hold;
    }

    /** The slot of the job on the exchange; none outside a jobqueue consumer. */
    public static Slot of(Exchange exchange) {
        return exchange.getProperty(JobQueueEndpoint.SLOT, Slot.class);
    }

    /**
     * Waits until the job has the machine to itself: the other jobs on this process end first, and
     * none starts meanwhile. False when the worker stops while it waits: the job then holds nothing
     * and should go back to the queue. Asking again once alone returns true at once.
     */
    public boolean alone() throws InterruptedException {
        hold = gate.upgrade(hold, running);
        return hold == SlotGate.Hold.EXCLUSIVE;
    }

    /**
     * Whether jobs wait in the queue that no worker holds: then every slot that frees takes one at
     * once, and no core is to spare. Redis not answering counts as none waiting.
     */
    public boolean jobsWaiting() {
        try {
            return waiting.getAsLong() > 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    void leave() {
        gate.leave(hold);
        hold = SlotGate.Hold.NONE;
    }
}
