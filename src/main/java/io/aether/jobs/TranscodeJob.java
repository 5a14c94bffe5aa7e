package io.aether.jobs;

import java.util.Map;

import io.aether.Keys;

/** What a transcode job on the queue carries: the video's id, which is also a header for the worker. */
public final class TranscodeJob {
    public static final String VIDEO_ID = Keys.VIDEO_ID;

    private TranscodeJob() {
    }

    public static Map<String, String> of(String videoId) {
        return Map.of(VIDEO_ID, videoId);
    }
}
