package io.aether.errors;

/** The request no longer fits the state it acts on, which moved on meanwhile; the client asks again. */
public class Conflict extends RuntimeException {
    public Conflict(String reason) {
        super(reason);
    }
}
