package io.aether.http;

/** A request the API refuses, with the HTTP status and the reason the client reads. */
public class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
