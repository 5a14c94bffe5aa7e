package io.aether.tus;

import io.aether.http.ApiException;

/** The body does not match its Upload-Checksum; none of it was kept (460, tus checksum extension). */
public final class ChecksumMismatchException extends ApiException {
    public ChecksumMismatchException() {
        super(460, "the body does not match Upload-Checksum; nothing of it was kept");
    }
}
