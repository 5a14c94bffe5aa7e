package io.aether.worker.job;

/** The job needs no work: its video is gone or already finished, as after a duplicate delivery. */
public final class JobSkipped extends RuntimeException {
    public JobSkipped(String reason) {
        super(reason);
    }
}
