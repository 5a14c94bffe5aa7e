package io.aether.tus;

/** The body does not match its Upload-Checksum; none of it was kept (tus checksum extension). */
public final class ChecksumMismatchException extends RuntimeException {
    public ChecksumMismatchException() {
        super("the body does not match Upload-Checksum; nothing of it was kept");
    }
}
