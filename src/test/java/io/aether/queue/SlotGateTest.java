package io.aether.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** The gate with real threads: jobs enter shared; one that needs the machine upgrades. */
class SlotGateTest {
    private static final long SETTLE_MS = 300;

    private final SlotGate gate = new SlotGate();
    private final AtomicBoolean running = new AtomicBoolean(true);

    @Test
    void jobsEnterSideBySide() throws Exception {
        assertEquals(SlotGate.Hold.SHARED, gate.enter(running::get));
        assertEquals(SlotGate.Hold.SHARED, gate.enter(running::get));
        assertEquals(2, gate.sharedRunning());
        assertTrue(gate.awaitRead(running::get), "a third thread may read");
    }

    @Test
    void anUpgradeWaitsForTheOtherJobAndNothingNewEntersMeanwhile() throws Exception {
        SlotGate.Hold other = gate.enter(running::get);
        SlotGate.Hold mine = gate.enter(running::get);
        CompletableFuture<SlotGate.Hold> upgraded = async(() -> gate.upgrade(mine, running::get));
        Thread.sleep(SETTLE_MS);
        assertFalse(upgraded.isDone(), "the other job still runs");
        assertEquals(1, gate.sharedRunning(), "the upgrader gave up its shared hold");
        CompletableFuture<SlotGate.Hold> entered = async(() -> gate.enter(running::get));
        CompletableFuture<Boolean> read = async(() -> gate.awaitRead(running::get));
        Thread.sleep(SETTLE_MS);
        assertFalse(entered.isDone() || read.isDone(), "no new job starts while one waits for the machine");

        gate.leave(other);
        assertEquals(SlotGate.Hold.EXCLUSIVE, upgraded.get(5, TimeUnit.SECONDS));
        Thread.sleep(SETTLE_MS);
        assertFalse(entered.isDone() || read.isDone(), "nor while it runs alone");
        assertEquals(SlotGate.Hold.EXCLUSIVE, gate.upgrade(SlotGate.Hold.EXCLUSIVE, running::get), "asking again");

        gate.leave(SlotGate.Hold.EXCLUSIVE);
        assertEquals(SlotGate.Hold.SHARED, entered.get(5, TimeUnit.SECONDS));
        assertTrue(read.get(5, TimeUnit.SECONDS));
    }

    @Test
    void twoUpgradesAtOnceGoOneAfterTheOther() throws Exception {
        SlotGate.Hold first = gate.enter(running::get);
        SlotGate.Hold second = gate.enter(running::get);
        List<String> alone = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> a = asyncRun(() -> runAlone(first, "a", alone));
        CompletableFuture<Void> b = asyncRun(() -> runAlone(second, "b", alone));
        CompletableFuture.allOf(a, b).get(10, TimeUnit.SECONDS);
        assertEquals(4, alone.size(), alone.toString());
        assertEquals(alone.get(0).charAt(0), alone.get(1).charAt(0), "one ran alone, then the other: " + alone);
        assertEquals(0, gate.sharedRunning());
        assertFalse(gate.exclusiveRunning());
    }

    @Test
    void aWorkerStoppingWhileAJobWaitsForTheMachineLeavesItHoldingNothing() throws Exception {
        SlotGate.Hold other = gate.enter(running::get);
        SlotGate.Hold mine = gate.enter(running::get);
        CompletableFuture<SlotGate.Hold> upgraded = async(() -> gate.upgrade(mine, running::get));
        Thread.sleep(SETTLE_MS);
        running.set(false);
        SlotGate.Hold hold = upgraded.get(5, TimeUnit.SECONDS);
        assertEquals(SlotGate.Hold.NONE, hold);
        gate.leave(hold);
        gate.leave(other);
        assertEquals(0, gate.sharedRunning(), "neither hold is left behind");
        assertFalse(gate.exclusiveRunning());
        assertEquals(SlotGate.Hold.NONE, gate.enter(running::get), "a stopped worker starts nothing");
    }

    private void runAlone(SlotGate.Hold shared, String name, List<String> alone) throws Exception {
        SlotGate.Hold hold = gate.upgrade(shared, running::get);
        assertEquals(SlotGate.Hold.EXCLUSIVE, hold);
        alone.add(name + " in");
        Thread.sleep(SETTLE_MS);
        alone.add(name + " out");
        gate.leave(hold);
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    private interface VoidStep {
        void run() throws Exception;
    }

    private static <T> CompletableFuture<T> async(Step<T> step) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return step.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> new Thread(runnable).start());
    }

    private static CompletableFuture<Void> asyncRun(VoidStep step) {
        return async(() -> {
            step.run();
            return null;
        });
    }
}
