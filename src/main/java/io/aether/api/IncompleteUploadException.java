package io.aether.api;

import java.io.IOException;

/** The client stopped sending before the body was whole. */
public final class IncompleteUploadException extends IOException {
    public IncompleteUploadException(String message, Throwable cause) {
        super(message, cause);
    }
}
