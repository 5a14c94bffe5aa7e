package io.aether.tus;

/** A method, or a method override, that is none of tus's operations on an upload. */
public final class NotATusOperation extends RuntimeException {
    public NotATusOperation(String method) {
        super(method + " is not a tus operation on an upload");
    }
}
