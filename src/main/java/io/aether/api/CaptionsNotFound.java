package io.aether.api;

import io.aether.errors.NotFound;

/** The video is the caller's but has no captions in that language. */
public final class CaptionsNotFound extends NotFound {
    public CaptionsNotFound(String id, String lang) {
        super("video " + id + " has no captions in " + lang);
    }
}
