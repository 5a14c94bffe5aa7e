package io.aether;

import java.nio.file.Path;

import io.aether.http.MinimumRate;
import io.aether.media.PartSlots;

/** The aether.* settings every role reads, resolved once by io.aether.config.SettingsReader. */
public record Settings(
        String publicUrl,
        String redisUrl,
        String minioUrl,
        String minioAccessKey,
        String minioSecretKey,
        String s3Region,
        String s3Credentials,
        String s3Addressing,
        String s3StsUrl,
        String rawBucket,
        String processedBucket,
        long maxUploadBytes,
        int maxUploadBodies,
        long uploadMinRate,
        long uploadRateWindowMs,
        long leaseMs,
        int maxAttempts,
        long retryDelayMs,
        int segmentSeconds,
        String x264Preset,
        Path workDir,
        String ffmpeg,
        String ffprobe,
        long stopGraceMs,
        boolean chunking,
        int chunkSegments,
        double chunkThresholdSeconds,
        long playbackTokenTtlSeconds,
        String publicHlsUrl,
        boolean deleteRawAfterTranscode,
        int partSlots,
        int firstSegmentSeconds) {

    /** The part jobs this worker runs at once, and each one's share of the cores. */
    public PartSlots slots() {
        return new PartSlots(partSlots, Runtime.getRuntime().availableProcessors());
    }

    /** Buckets in the path (the default) rather than in the host name. */
    public boolean s3PathStyle() {
        return switch (s3Addressing) {
            case "path" -> true;
            case "virtual" -> false;
            default -> throw new IllegalArgumentException("AETHER_S3_ADDRESSING must be path or virtual, not '"
                    + s3Addressing + "'");
        };
    }

    /** How fast an upload body must at least arrive; slower clients are cut off. */
    public MinimumRate uploadRate() {
        return new MinimumRate(uploadMinRate, uploadRateWindowMs);
    }

    public String statusUrl(String videoId) {
        return publicUrl + "/api/v1/videos/" + videoId;
    }

    /**
     * The playlist's address without a token: what workers put in their events. The API hands out
     * the signed one instead (io.aether.api.PlaybackUrls), also in the events it forwards.
     */
    public String playlistUrl(String videoId) {
        return publicUrl + "/hls/" + videoId + "/master.m3u8";
    }
}
