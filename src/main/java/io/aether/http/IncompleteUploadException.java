package io.aether.http;

import java.io.IOException;

/** The client stopped sending before the body was whole. */
public class IncompleteUploadException extends IOException {
    public IncompleteUploadException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The answer's status: 400, a body that is not whole. */
    public int status() {
        return 400;
    }
}
