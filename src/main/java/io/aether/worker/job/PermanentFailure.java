package io.aether.worker.job;

/** The job can never succeed (the input is not a video, attempts are used up): fail it once, no retry. */
public final class PermanentFailure extends RuntimeException {
    public PermanentFailure(String reason, Throwable cause) {
        super(reason, cause);
    }

    public PermanentFailure(String reason) {
        super(reason);
    }
}
