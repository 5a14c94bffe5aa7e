package io.aether.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.api.async.RedisAsyncCommands;
import io.minio.BucketExistsArgs;
import io.minio.MinioAsyncClient;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Ready only while Redis answers and both buckets exist. A readiness check, not liveness:
 * restarting a replica would not bring a lost Redis or MinIO back.
 *
 * <p>Redis and MinIO are asked at once and given {@code timeoutMs} together: a stalled service
 * (a stopped process keeps its connections open) makes the check DOWN, not slow. The reasons
 * name the service only; exception messages would show internal addresses on a public endpoint.
 */
public final class BackingServicesCheck extends AbstractHealthCheck {
    private final RedisAsyncCommands<String, String> redis;
    private final MinioAsyncClient minio;
    private final String[] buckets;
    private final long timeoutMs;

    public BackingServicesCheck(RedisAsyncCommands<String, String> redis, MinioAsyncClient minio, long timeoutMs,
            String... buckets) {
        super("aether", "backing-services");
        this.redis = redis;
        this.minio = minio;
        this.timeoutMs = timeoutMs;
        this.buckets = buckets;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        CompletableFuture<String> ping = redis.ping().toCompletableFuture();
        List<CompletableFuture<Boolean>> exists = new ArrayList<>();
        for (String bucket : buckets) {
            exists.add(bucketExists(bucket));
        }
        String redisDown = failure("Redis", ping, deadline);
        if (redisDown != null) {
            builder.message(redisDown).down();
            return;
        }
        for (int i = 0; i < buckets.length; i++) {
            String minioDown = failure("MinIO", exists.get(i), deadline);
            if (minioDown != null) {
                builder.message(minioDown).down();
                return;
            }
            if (!Boolean.TRUE.equals(exists.get(i).join())) {
                builder.message("MinIO bucket " + buckets[i] + " does not exist").down();
                return;
            }
        }
        builder.up();
    }

    private CompletableFuture<Boolean> bucketExists(String bucket) {
        try {
            return minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Why the call failed or did not end before the deadline; null when it answered. */
    private String failure(String service, CompletableFuture<?> call, long deadline) {
        try {
            call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (TimeoutException e) {
            return service + " did not answer within " + timeoutMs + " ms";
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return service + " does not answer (" + cause.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return service + " was not asked: interrupted";
        }
    }
}
