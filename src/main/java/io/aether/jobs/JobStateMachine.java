package io.aether.jobs;

import java.util.Objects;

/** The only legal moves between job states. Terminal states never change. */
public final class JobStateMachine {

    private JobStateMachine() {
    }

    public static JobState next(JobState from, JobEvent event) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(event, "event");
        JobState to = switch (from) {
            case WAITING -> switch (event) {
                case START -> JobState.ACTIVE;
                // Attempts can run out while the job is still queued.
                case FAIL -> JobState.FAILED;
                default -> null;
            };
            case ACTIVE -> switch (event) {
                // A stalled job's lease expired and another worker took it over.
                case START -> JobState.ACTIVE;
                case SUCCEED -> JobState.COMPLETED;
                case FAIL -> JobState.FAILED;
                case RETRY -> JobState.WAITING;
            };
            case COMPLETED, FAILED -> null;
        };
        if (to == null) {
            throw new IllegalTransitionException(from, event);
        }
        return to;
    }
}
