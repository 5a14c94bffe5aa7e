package io.aether.tus;

/** A request that does not speak the one tus version this server knows (its answer names that version). */
public final class UnsupportedVersion extends RuntimeException {
    public UnsupportedVersion(String reason) {
        super(reason);
    }
}
