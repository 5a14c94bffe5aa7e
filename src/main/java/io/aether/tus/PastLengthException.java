package io.aether.tus;

import io.aether.http.ApiException;

/** The body runs past the upload's declared Upload-Length (413). */
public final class PastLengthException extends ApiException {
    public PastLengthException(long length) {
        super(413, "the body runs past Upload-Length " + length);
    }
}
