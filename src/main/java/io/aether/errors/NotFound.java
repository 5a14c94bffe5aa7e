package io.aether.errors;

/** What the request names does not exist, or is not the caller's: the reason says which thing. */
public class NotFound extends RuntimeException {
    public NotFound(String reason) {
        super(reason);
    }
}
