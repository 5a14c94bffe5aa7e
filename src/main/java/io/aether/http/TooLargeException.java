package io.aether.http;

import java.io.IOException;

/** Thrown from inside the upload stream, so the object store aborts what it had begun. */
public final class TooLargeException extends IOException {
    public TooLargeException(long limit) {
        super("upload exceeds the maximum size of " + limit + " bytes");
    }
}
