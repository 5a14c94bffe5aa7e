package io.aether.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobStateMachineTest {

    /** The complete table; a blank target means the move is illegal. */
    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource({
            "WAITING,   START,   ACTIVE",
            "WAITING,   SUCCEED, ",
            "WAITING,   FAIL,    FAILED",
            "WAITING,   RETRY,   ",
            "ACTIVE,    START,   ACTIVE",
            "ACTIVE,    SUCCEED, COMPLETED",
            "ACTIVE,    FAIL,    FAILED",
            "ACTIVE,    RETRY,   WAITING",
            "COMPLETED, START,   ",
            "COMPLETED, SUCCEED, ",
            "COMPLETED, FAIL,    ",
            "COMPLETED, RETRY,   ",
            "FAILED,    START,   ",
            "FAILED,    SUCCEED, ",
            "FAILED,    FAIL,    ",
            "FAILED,    RETRY,   ",
    })
    void transitionTable(JobState from, JobEvent event, JobState expected) {
        if (expected != null) {
            assertEquals(expected, JobStateMachine.next(from, event));
        } else {
            IllegalTransitionException e = assertThrows(IllegalTransitionException.class,
                    () -> JobStateMachine.next(from, event));
            assertTrue(e.getMessage().contains(from.name()), e.getMessage());
            assertTrue(e.getMessage().contains(event.name()), e.getMessage());
            assertSame(from, e.from());
            assertSame(event, e.event());
        }
    }

    @Test
    void tableAboveCoversEveryCombination() {
        // Guards against a new state or event being added without deciding its transitions.
        assertEquals(4, JobState.values().length);
        assertEquals(4, JobEvent.values().length);
        Map<JobState, Integer> legal = new EnumMap<>(JobState.class);
        for (JobState s : JobState.values()) {
            for (JobEvent e : JobEvent.values()) {
                try {
                    JobStateMachine.next(s, e);
                    legal.merge(s, 1, Integer::sum);
                } catch (IllegalTransitionException ignored) {
                    // counted as illegal
                }
            }
        }
        assertEquals(Map.of(JobState.WAITING, 2, JobState.ACTIVE, 4), legal);
    }

    @Test
    void terminalStatesAcceptNothing() {
        for (JobState s : JobState.values()) {
            if (!s.terminal()) {
                continue;
            }
            for (JobEvent e : JobEvent.values()) {
                assertThrows(IllegalTransitionException.class, () -> JobStateMachine.next(s, e));
            }
        }
    }

    @Test
    void illegalTransitionIsUnchecked() {
        assertTrue(RuntimeException.class.isAssignableFrom(IllegalTransitionException.class));
    }

    @Test
    void nullsAreRejected() {
        assertThrows(NullPointerException.class, () -> JobStateMachine.next(null, JobEvent.START));
        assertThrows(NullPointerException.class, () -> JobStateMachine.next(JobState.WAITING, null));
    }

    @Test
    void retryLoopThenSuccess() {
        JobState s = JobState.WAITING;
        s = JobStateMachine.next(s, JobEvent.START);
        s = JobStateMachine.next(s, JobEvent.RETRY);
        s = JobStateMachine.next(s, JobEvent.START);
        s = JobStateMachine.next(s, JobEvent.START);
        s = JobStateMachine.next(s, JobEvent.SUCCEED);
        assertEquals(JobState.COMPLETED, s);
    }

    @Test
    void wireNamesAreLowerCase() {
        assertEquals("waiting", JobState.WAITING.wire());
        assertEquals("active", JobState.ACTIVE.wire());
        assertEquals("completed", JobState.COMPLETED.wire());
        assertEquals("failed", JobState.FAILED.wire());
    }

    @Test
    void wireRoundTrips() {
        for (JobState s : JobState.values()) {
            assertSame(s, JobState.fromWire(s.wire()));
        }
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "WAITING", "Active", "done", " waiting", "failed "})
    void fromWireRejectsUnknown(String wire) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobState.fromWire(wire));
        assertTrue(e.getMessage().contains(String.valueOf(wire)), e.getMessage());
    }

    @Test
    void terminalFlags() {
        assertFalse(JobState.WAITING.terminal());
        assertFalse(JobState.ACTIVE.terminal());
        assertTrue(JobState.COMPLETED.terminal());
        assertTrue(JobState.FAILED.terminal());
    }
}
