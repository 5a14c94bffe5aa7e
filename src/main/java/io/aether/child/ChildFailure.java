package io.aether.child;

/** A child process could not be started, or printed more than it may. */
public final class ChildFailure extends RuntimeException {
    ChildFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
