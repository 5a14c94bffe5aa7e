package io.aether.worker.job;

/** Another worker took the job over; this one must neither finish nor acknowledge it. */
public final class LeaseLost extends RuntimeException {
    public LeaseLost(String videoId) {
        super("another worker has taken over video " + videoId);
    }
}
