package io.aether.config;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.aether.Settings;
import io.aether.store.S3Credentials;
import io.aether.store.S3Parts;
import io.aether.store.S3Store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.http.HttpUtils;
import io.minio.http.Method;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Redis and MinIO clients, each with a bound on how long one call may wait. */
final class Clients {
    private static final Logger LOG = LoggerFactory.getLogger(Clients.class);
    /** Calls to MinIO at once per request-path client; OkHttp's default of 5 would queue requests behind a stall. */
    private static final int REQUEST_CONCURRENCY = 64;
    /** Parts on their way at once per replica; past the upload gate's bodies times their parts in flight they wait. */
    private static final int PART_CONCURRENCY = 128;
    /** Tries of one part at most: a transient failure (connection, deadline, 5xx, 429) is sent twice more. */
    private static final int PART_ATTEMPTS = 3;

    private Clients() {
    }

    /**
     * Lettuce waits 60 s per command by default and, while disconnected, holds commands until then.
     * Every connection of this client times its commands out after {@code redisMs}, the async ones too.
     */
    static RedisClient redis(Settings settings, Timeouts timeouts, String sentinelPassword) {
        Duration timeout = Duration.ofMillis(timeouts.redisMs());
        RedisURI uri = RedisAddress.parse(settings.redisUrl(), sentinelPassword, timeout);
        LOG.info("Redis at {}", RedisAddress.redacted(uri));
        RedisClient client = RedisClient.create(uri);
        // a reconnect after a failover asks the Sentinels again; each try gives up as soon as a command would
        client.setOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled())
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build()).build());
        return client;
    }

    /**
     * The object store as every client sees it: region, credentials and addressing from the settings.
     * Credentials from STS (web identity) are asked for with the request-path timeouts.
     */
    static S3Store store(Settings settings, Timeouts timeouts) {
        return new S3Store(settings.minioUrl(), settings.s3Region(),
                S3Credentials.of(settings.s3Credentials(), settings.minioAccessKey(), settings.minioSecretKey(),
                        settings.s3Region(), settings.s3StsUrl(), System.getenv(),
                        http(timeouts.minioMs(), timeouts.minioMs(), null)),
                settings.s3PathStyle());
    }

    /** For uploads and downloads of whole objects: a stalled MinIO fails them after one silent read or write. */
    static MinioClient transfers(S3Store store, Timeouts timeouts) {
        return addressed(MinioClient.builder().endpoint(store.url()).region(store.region())
                .credentialsProvider(store.credentials())
                .httpClient(http(timeouts.minioMs(), timeouts.minioTransferMs(), null)).build(), store);
    }

    /** The async flavour of {@link #transfers}, for the steps of multipart uploads other than their parts. */
    static MinioAsyncClient asyncTransfers(S3Store store, Timeouts timeouts) {
        return addressed(MinioAsyncClient.builder().endpoint(store.url()).region(store.region())
                .credentialsProvider(store.credentials())
                .httpClient(http(timeouts.minioMs(), timeouts.minioTransferMs(), null)).build(), store);
    }

    /** Upload parts: their own connections, as many at once as uploads may have parts in flight. */
    static S3Parts parts(S3Store store, Timeouts timeouts) {
        return new S3Parts(store, PART_CONCURRENCY, timeouts.minioMs(), timeouts.stallMs(), PART_ATTEMPTS);
    }

    /** For requests that read a little (playback, health): they answer 503 soon rather than wait. */
    static RequestClients requests(S3Store store, Timeouts timeouts) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(REQUEST_CONCURRENCY);
        dispatcher.setMaxRequestsPerHost(REQUEST_CONCURRENCY);
        OkHttpClient http = http(timeouts.minioMs(), timeouts.minioMs(), dispatcher);
        return new RequestClients(
                addressed(MinioClient.builder().endpoint(store.url()).region(store.region())
                        .credentialsProvider(store.credentials()).httpClient(http).build(), store),
                addressed(MinioAsyncClient.builder().endpoint(store.url()).region(store.region())
                        .credentialsProvider(store.credentials()).httpClient(http).build(), store));
    }

    /** minio-java picks virtual hosts by itself for AWS only; the setting decides, as for the parts. */
    private static MinioAsyncClient addressed(MinioAsyncClient client, S3Store store) {
        if (store.pathStyle()) {
            client.disableVirtualStyleEndpoint();
        } else {
            client.enableVirtualStyleEndpoint();
        }
        return client;
    }

    private static MinioClient addressed(MinioClient client, S3Store store) {
        if (store.pathStyle()) {
            client.disableVirtualStyleEndpoint();
        } else {
            client.enableVirtualStyleEndpoint();
        }
        return client;
    }

    record RequestClients(MinioClient sync, MinioAsyncClient async) {
    }

    /** How long a presigned URL for ffmpeg lasts: well past any one chunk's or the audio's run. */
    private static final int PRESIGN_HOURS = 2;

    /** A short-lived URL to read one object, for ffprobe and ffmpeg (signing is local: no call to MinIO). */
    public static String presign(MinioClient minio, String bucket, String key) {
        try {
            return minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(Method.GET).bucket(bucket).object(key).expiry(PRESIGN_HOURS, TimeUnit.HOURS).build());
        } catch (Exception e) {
            throw new IllegalStateException("could not sign a URL for " + key + ": " + e.getMessage(), e);
        }
    }

    /** minio-java's default client (HTTP/1.1, SSL_CERT_FILE) with our timeouts; no call timeout, which would cap whole transfers. */
    private static OkHttpClient http(long connectMs, long ioMs, Dispatcher dispatcher) {
        OkHttpClient.Builder builder = HttpUtils.newDefaultHttpClient(connectMs, ioMs, ioMs).newBuilder();
        if (dispatcher != null) {
            builder.dispatcher(dispatcher);
        }
        return builder.build();
    }
}
