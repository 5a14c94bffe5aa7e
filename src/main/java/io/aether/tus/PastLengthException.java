package io.aether.tus;

import io.aether.errors.TooLarge;

/** The body runs past the upload's declared Upload-Length. */
public final class PastLengthException extends TooLarge {
    public PastLengthException(long length) {
        super("the body runs past Upload-Length " + length);
    }
}
