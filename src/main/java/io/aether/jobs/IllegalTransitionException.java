package io.aether.jobs;

/** A caller tried to move a job along an edge the state machine does not have. */
public class IllegalTransitionException extends RuntimeException {

    private final JobState from;
    private final JobEvent event;

    public IllegalTransitionException(JobState from, JobEvent event) {
        super("illegal job transition: " + from + " + " + event);
        this.from = from;
        this.event = event;
    }

    public JobState from() {
        return from;
    }

    public JobEvent event() {
        return event;
    }
}
