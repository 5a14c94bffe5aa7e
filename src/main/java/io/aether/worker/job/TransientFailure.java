package io.aether.worker.job;

/** Worth another attempt (ffmpeg was killed, a store blipped). */
public final class TransientFailure extends RuntimeException {
    public TransientFailure(String reason) {
        super(reason);
    }
}
