package io.aether.api;

import io.aether.errors.NotFound;

/** No video by that id, or not the caller's: the two are told apart to nobody. */
public final class VideoNotFound extends NotFound {
    public VideoNotFound(String id) {
        super("no video with id " + id);
    }
}
