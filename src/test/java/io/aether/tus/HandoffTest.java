package io.aether.tus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.aether.tus.Handoff.Step;
import org.junit.jupiter.api.Test;

class HandoffTest {

    @Test
    void aJobStillInTheQueueIsNotEnqueuedAgain() {
        assertEquals(Step.DONE, Handoff.afterCrash(true, true, "waiting", 0));
    }

    @Test
    void aRecordAWorkerHasTouchedWasEnqueued() {
        assertEquals(Step.DONE, Handoff.afterCrash(false, true, "active", 1));
        assertEquals(Step.DONE, Handoff.afterCrash(false, true, "completed", 1));
        assertEquals(Step.DONE, Handoff.afterCrash(false, true, "waiting", 1), "waiting for a retry");
    }

    @Test
    void anUntouchedRecordWithoutAJobNeedsOne() {
        assertEquals(Step.ENQUEUE, Handoff.afterCrash(false, true, "waiting", 0));
    }

    @Test
    void aDeletedVideoIsLeftAlone() {
        assertEquals(Step.DONE, Handoff.afterCrash(false, false, "", 0));
    }
}
