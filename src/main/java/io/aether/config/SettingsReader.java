package io.aether.config;

import java.nio.file.Path;

import io.aether.Settings;
import io.aether.media.PartSlots;
import io.aether.access.LimitSettings;
import io.aether.tus.TusRules;
import io.aether.tus.TusSettings;
import io.aether.worker.quality.QualitySettings;
import io.aether.worker.quality.QualityTools;
import org.apache.camel.CamelContext;

/**
 * The one way settings are read: every property (application.properties, where each has its default
 * and its environment variable) is read here, once, into the settings record of the feature that
 * uses it; beans get records or plain values, never the properties. A property that is missing, or
 * not a number where one is expected, stops the start with its name. docs/configuration.md lists them.
 */
final class SettingsReader {
    private final CamelContext context;

    SettingsReader(CamelContext context) {
        this.context = context;
    }

    /** What every role reads: the services, buckets, uploads and jobs. */
    Settings settings() {
        String workDir = text("aether.work-dir");
        return new Settings(
                stripSlash(text("aether.public-url")),
                text("aether.redis.connection-string"),
                text("aether.minio.url"),
                text("aether.minio.access-key"),
                text("aether.minio.secret-key"),
                text("aether.s3.region"),
                text("aether.s3.credentials"),
                text("aether.s3.addressing"),
                text("aether.s3.sts-url"),
                text("aether.raw-bucket"),
                text("aether.processed-bucket"),
                number("aether.max-upload-bytes"),
                whole("aether.upload.max-bodies"),
                number("aether.upload.min-rate"),
                number("aether.upload.rate-window-ms"),
                number("aether.lease-ms"),
                whole("aether.max-attempts"),
                number("aether.retry-delay-ms"),
                whole("aether.segment-seconds"),
                text("aether.x264-preset"),
                workDir.isEmpty() ? Path.of(System.getProperty("java.io.tmpdir"), "aether") : Path.of(workDir),
                text("aether.ffmpeg"),
                text("aether.ffprobe"),
                number("aether.stop-grace-ms"),
                flag("aether.chunking.enabled"),
                whole("aether.chunking.segments-per-chunk"),
                decimal("aether.chunking.threshold-seconds"),
                number("aether.playback.token-ttl-s"),
                stripSlash(text("aether.playback.public-hls-url")),
                flag("aether.delete-raw-after-transcode"),
                PartSlots.of(whole("aether.part-slots"), Runtime.getRuntime().availableProcessors()).slots(),
                whole("aether.chunking.first-segment-seconds"));
    }

    /** The worker's ladder: per-title (trial encodes with the ffmpeg that has libvmaf) or fixed (docs/ladder.md). */
    io.aether.worker.ladder.LadderSettings ladder() {
        return new io.aether.worker.ladder.LadderSettings(text("aether.ladder"), qualityFfmpeg(),
                decimals("aether.ladder.targets"), decimals("aether.ladder.caps-kbps").stream().map(d -> (int) Math.round(d)).toList(),
                new io.aether.media.TrialCommand.Sampling(whole("aether.ladder.samples"),
                        decimal("aether.ladder.sample-seconds"), whole("aether.ladder.vmaf-every"),
                        decimals("aether.ladder.trial-crfs"), text("aether.x264-preset")),
                decimal("aether.ladder.max-crf"), decimal("aether.ladder.min-gain-per-mbps"));
    }

    /** A comma-separated list of numbers. */
    java.util.List<Double> decimals(String key) {
        String value = text(key);
        try {
            return java.util.Arrays.stream(value.split(",")).map(String::trim).map(Double::parseDouble).toList();
        } catch (NumberFormatException e) {
            throw new IllegalStateException(key + " must be numbers separated by commas, not '" + value + "'", e);
        }
    }

    /** The measurement of every rung (docs/quality.md); the ffmpeg with libvmaf is found where installed. */
    QualitySettings quality() {
        return new QualitySettings(qualityFfmpeg(),
                flag("aether.quality.measure"), whole("aether.quality.sample-every"),
                whole("aether.quality.sample-every-max"), decimal("aether.quality.sample-error"));
    }

    /** The ffmpeg with libvmaf: the setting, else where scripts/ffmpeg-vmaf installs it; "" when none. */
    private String qualityFfmpeg() {
        return QualityTools.configured(text("aether.quality.ffmpeg"), QualityTools.toolsDir());
    }

    Timeouts timeouts() {
        return new Timeouts(number("aether.redis.timeout-ms"), number("aether.minio.timeout-ms"),
                number("aether.minio.stall-ms"), number("aether.minio.transfer-timeout-ms"),
                number("aether.health.timeout-ms"));
    }

    /** The size limit (Tus-Max-Size) is the API's aether.max-upload-bytes. */
    TusSettings tus(Settings settings) {
        return new TusSettings(settings.publicUrl(), settings.rawBucket(), settings.maxUploadBytes(),
                Math.max(TusRules.MIN_PART_SIZE, number("aether.tus.part-size")), number("aether.tus.expiry-ms"),
                number("aether.tus.lock-ms"), number("aether.tus.sweep-ms"), number("aether.tus.keep-ms"),
                number("aether.tus.idle-timeout-ms"),
                TusRules.maxWriters(whole("aether.tus.max-writers"), Runtime.getRuntime().maxMemory()),
                settings.uploadRate(), Math.max(1, whole("aether.tus.parts-in-flight")));
    }

    LimitSettings limits() {
        return new LimitSettings(whole("aether.limits.concurrent-uploads"), number("aether.limits.upload-bytes-per-hour"),
                number("aether.limits.slot-lease-ms"));
    }

    UploadSettings uploads() {
        return new UploadSettings(number("aether.upload.part-size"), number("aether.upload.buffer-bytes"),
                number("aether.upload.buffer-wait-ms"), whole("aether.upload.parts-in-flight"),
                number("aether.upload.idle-timeout-ms"), number("aether.multipart.max-age-ms"));
    }

    WebhookSettings webhooks() {
        return new WebhookSettings(text("aether.webhook.allow-networks"), number("aether.webhook.timeout-ms"),
                number("aether.webhook.retry-delay-ms"), number("aether.webhook.max-retry-delay-ms"),
                number("aether.webhook.retry-for-ms"), number("aether.webhook.rotation-window-ms"));
    }

    AccessSettings access() {
        return new AccessSettings(text("aether.playback.secret"), flag("aether.dev"), text("aether.admin.api-key"),
                text("aether.ticket.secret"), number("aether.ticket.ttl-seconds"));
    }

    HttpSettings http() {
        return new HttpSettings(number("aether.http.head-timeout-ms"), number("aether.http.keepalive-idle-ms"),
                number("aether.http.max-connections"), whole("camel.management.port"));
    }

    /** The job stream's name. */
    String queue() {
        return text("aether.queue");
    }

    /** Whether camel-cli-connector may start (docs/operations.md). */
    boolean camelCli() {
        return flag("aether.camel-cli");
    }

    /** The Sentinels' own password; empty when they have none. */
    String sentinelPassword() {
        return text("aether.redis.sentinel.password");
    }

    /** The property's value, trimmed; empty is a value (an optional setting left out). */
    String text(String key) {
        return context.getPropertiesComponent().resolveProperty(key).map(String::trim)
                .orElseThrow(() -> new IllegalStateException(key + " is not set"));
    }

    long number(String key) {
        return parse(key, Long::parseLong);
    }

    int whole(String key) {
        return parse(key, Integer::parseInt);
    }

    double decimal(String key) {
        return parse(key, Double::parseDouble);
    }

    boolean flag(String key) {
        return Boolean.parseBoolean(text(key));
    }

    private <T> T parse(String key, java.util.function.Function<String, T> parse) {
        String value = text(key);
        try {
            return parse.apply(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(key + " must be a number, not '" + value + "'", e);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
