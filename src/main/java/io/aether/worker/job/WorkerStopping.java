package io.aether.worker.job;

/** The job was cut short because this worker is stopping; another worker does it from the start. */
public final class WorkerStopping extends RuntimeException {
    public WorkerStopping(String message) {
        super(message);
    }
}
