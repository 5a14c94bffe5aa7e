package io.aether.tus;

import io.aether.errors.NotFound;

/** No upload by that id, or not the caller's: the two are told apart to nobody. */
public final class UploadNotFound extends NotFound {
    public UploadNotFound() {
        super("no such upload");
    }
}
