package io.aether.tus;

/**
 * Whether a finished upload still needs its transcode job. The job must be enqueued exactly once,
 * even when the final PATCH is retried or the replica that took the last byte died half-way. The
 * normal path decides under the upload's lock from the phase alone; after a crash in HANDOFF (the
 * claim was written, the enqueue may or may not have happened) the evidence decides.
 */
public final class Handoff {
    private Handoff() {
    }

    public enum Step { ENQUEUE, DONE }

    /**
     * After a crash between claiming the hand-off and recording it: a job that is still in the queue,
     * or a record a worker has already touched, means the enqueue happened. A worker removes the queue
     * entry only after it has moved the record on, so "waiting, no attempts, not queued" means it never did.
     */
    public static Step afterCrash(boolean inQueue, boolean recordExists, String status, int attempts) {
        if (inQueue) {
            return Step.DONE;
        }
        if (!recordExists) {
            return Step.DONE; // recorded before the claim, so someone deleted the video since
        }
        return "waiting".equals(status) && attempts == 0 ? Step.ENQUEUE : Step.DONE;
    }
}
