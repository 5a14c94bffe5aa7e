package io.aether.access;

/** No API key, or one that is not valid: the caller is not known (answered with a Bearer challenge). */
public final class Unauthenticated extends RuntimeException {
    public Unauthenticated(String reason) {
        super(reason);
    }
}
