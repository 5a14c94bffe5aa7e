package io.aether.worker.quality;

import io.aether.media.SampleDensity;

/**
 * How the worker measures its rungs (docs/quality.md).
 *
 * @param ffmpeg the ffmpeg with libvmaf (AETHER_QUALITY_FFMPEG); "" when none was set or found
 * @param measure false skips the measurement (AETHER_QUALITY_MEASURE)
 * @param sampleEvery the densest sampling, one frame in every N scored (AETHER_QUALITY_SAMPLE_EVERY): a video
 *     with a fixed ladder, or whose frames spread widely
 * @param sampleEveryMax the sparsest, for a per-title video whose trials' frames score alike
 *     (AETHER_QUALITY_SAMPLE_EVERY_MAX; equal to sampleEvery: every video alike)
 * @param sampleError the standard error of a rung's pooled VMAF that the sampling may reach (AETHER_QUALITY_SAMPLE_ERROR)
 */
public record QualitySettings(String ffmpeg, boolean measure, int sampleEvery, int sampleEveryMax, double sampleError) {
    public QualitySettings {
        new SampleDensity(sampleEvery, sampleEveryMax, sampleError); // refuses settings that contradict
    }

    /** What the trials choose a video's sampling within. */
    public SampleDensity density() {
        return new SampleDensity(sampleEvery, sampleEveryMax, sampleError);
    }
}
