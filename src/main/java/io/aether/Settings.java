package io.aether;

import java.nio.file.Path;

import io.aether.http.MinimumRate;
import io.aether.media.PartSlots;
import org.apache.camel.CamelContext;

/** The aether.* settings, resolved once from the Camel properties (which read the environment). */
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

    public static Settings from(CamelContext context) {
        Lookup p = key -> context.getPropertiesComponent().resolveProperty("aether." + key)
                .map(String::trim).orElse("");
        String workDir = p.get("work-dir");
        return new Settings(
                stripSlash(p.get("public-url")),
                p.get("redis.connection-string"),
                p.get("minio.url"),
                p.get("minio.access-key"),
                p.get("minio.secret-key"),
                p.get("s3.region"),
                p.get("s3.credentials"),
                p.get("s3.addressing"),
                p.get("s3.sts-url"),
                p.get("raw-bucket"),
                p.get("processed-bucket"),
                Long.parseLong(p.get("max-upload-bytes")),
                Integer.parseInt(p.get("upload.max-bodies")),
                Long.parseLong(p.get("upload.min-rate")),
                Long.parseLong(p.get("upload.rate-window-ms")),
                Long.parseLong(p.get("lease-ms")),
                Integer.parseInt(p.get("max-attempts")),
                Long.parseLong(p.get("retry-delay-ms")),
                Integer.parseInt(p.get("segment-seconds")),
                p.get("x264-preset"),
                workDir.isEmpty() ? Path.of(System.getProperty("java.io.tmpdir"), "aether") : Path.of(workDir),
                p.get("ffmpeg"),
                p.get("ffprobe"),
                Long.parseLong(p.get("stop-grace-ms")),
                Boolean.parseBoolean(p.get("chunking.enabled")),
                Integer.parseInt(p.get("chunking.segments-per-chunk")),
                Double.parseDouble(p.get("chunking.threshold-seconds")),
                Long.parseLong(p.get("playback.token-ttl-s")),
                stripSlash(p.get("playback.public-hls-url")),
                Boolean.parseBoolean(p.get("delete-raw-after-transcode")),
                PartSlots.of(Integer.parseInt(p.get("part-slots")), Runtime.getRuntime().availableProcessors()).slots(),
                Integer.parseInt(p.get("chunking.first-segment-seconds")));
    }

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

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private interface Lookup {
        String get(String key);
    }
}
