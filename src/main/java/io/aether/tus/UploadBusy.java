package io.aether.tus;

/** Another request holds the upload (writing, completing it, or its lock ran out): retry shortly. */
public final class UploadBusy extends RuntimeException {
    public UploadBusy(String reason) {
        super(reason);
    }
}
