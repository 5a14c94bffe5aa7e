package io.aether.jobs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a download job on the queue carries: a part job of kind "download", so that it shares a
 * worker with other part jobs (it copies segments into one file, it encodes nothing).
 */
public final class DownloadJob {
    public static final String PART = "part";
    public static final String KIND = "download";
    public static final String RENDITION = "rendition";

    private DownloadJob() {
    }

    public static Map<String, String> of(String videoId, String rendition) {
        Map<String, String> job = new LinkedHashMap<>(TranscodeJob.of(videoId));
        job.put(PART, KIND);
        job.put(RENDITION, rendition);
        return job;
    }
}
