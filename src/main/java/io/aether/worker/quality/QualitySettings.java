package io.aether.worker.quality;

/**
 * How the worker measures its rungs (docs/quality.md).
 *
 * @param ffmpeg the ffmpeg with libvmaf (AETHER_QUALITY_FFMPEG); "" when none was set or found
 * @param measure false skips the measurement (AETHER_QUALITY_MEASURE)
 * @param sampleEvery every Nth frame is scored (AETHER_QUALITY_SAMPLE_EVERY)
 */
public record QualitySettings(String ffmpeg, boolean measure, int sampleEvery) {
    public QualitySettings {
        if (sampleEvery < 1) {
            throw new IllegalArgumentException("AETHER_QUALITY_SAMPLE_EVERY must be 1 or more, not " + sampleEvery);
        }
    }
}
