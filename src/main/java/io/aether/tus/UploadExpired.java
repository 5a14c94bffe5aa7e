package io.aether.tus;

/** The upload ran past its expiry and was removed; it cannot be resumed. */
public final class UploadExpired extends RuntimeException {
    public UploadExpired() {
        super("the upload expired and was removed");
    }
}
