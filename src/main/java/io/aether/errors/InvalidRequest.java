package io.aether.errors;

/** A request whose header, field or body is not what the API accepts; the reason names what to send. */
public class InvalidRequest extends RuntimeException {
    public InvalidRequest(String reason) {
        super(reason);
    }
}
