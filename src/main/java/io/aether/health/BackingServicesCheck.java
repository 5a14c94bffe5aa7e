package io.aether.health;

import java.util.Map;

import io.lettuce.core.api.sync.RedisCommands;
import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Ready only while Redis answers and both buckets exist. A readiness check, not liveness:
 * restarting a replica would not bring a lost Redis or MinIO back.
 */
public final class BackingServicesCheck extends AbstractHealthCheck {
    private final RedisCommands<String, String> redis;
    private final MinioClient minio;
    private final String[] buckets;

    public BackingServicesCheck(RedisCommands<String, String> redis, MinioClient minio, String... buckets) {
        super("aether", "backing-services");
        this.redis = redis;
        this.minio = minio;
        this.buckets = buckets;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            redis.ping();
        } catch (RuntimeException e) {
            builder.message("Redis does not answer: " + e.getMessage()).error(e).down();
            return;
        }
        for (String bucket : buckets) {
            try {
                if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                    builder.message("MinIO bucket " + bucket + " does not exist").down();
                    return;
                }
            } catch (Exception e) {
                builder.message("MinIO does not answer: " + e.getMessage()).error(e).down();
                return;
            }
        }
        builder.up();
    }
}
