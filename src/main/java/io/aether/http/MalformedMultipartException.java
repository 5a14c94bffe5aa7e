package io.aether.http;

import java.io.IOException;

/** A multipart body that broke off or does not follow the format; the client gets a 400. */
public final class MalformedMultipartException extends IOException {
    public MalformedMultipartException(String message) {
        super(message);
    }
}
