package io.aether.api;

/** Every thumbnail run of this replica stayed busy while the request waited: it may come back shortly. */
public final class ThumbnailsBusy extends RuntimeException {
    public ThumbnailsBusy() {
        super("this replica is making as many thumbnails as it can; retry shortly");
    }
}
