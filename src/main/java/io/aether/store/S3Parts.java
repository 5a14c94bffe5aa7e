package io.aether.store;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import io.minio.credentials.Credentials;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends multipart-upload parts to the object store, each signed with {@link SigV4#UNSIGNED_PAYLOAD}
 * and sent from the caller's buffer as it is, on Vert.x's HTTP client. The MinIO client hashed every
 * part and sent one at a time; OkHttp then copied each part into 8 KiB segments and made one socket
 * write per segment, a quarter of the API's CPU during an upload. Here the buffer goes out in large
 * slices, each copied once, into the socket's buffer. The rest of the S3 calls stay with the MinIO client.
 *
 * <p>Every part carries its CRC32C (x-amz-checksum-crc32c), which the store checks before it keeps the
 * part: the payload is not signed, so this is what catches bytes damaged on the way. CRC32C runs in
 * hardware, a small fraction of what MD5 or SHA-256 of every byte would cost. A part that fails for a
 * transient reason (the connection, a deadline, 5xx, 429) is sent again, up to {@code attempts} times
 * in all; a refusal (any other 4xx) is final.
 */
public final class S3Parts implements AutoCloseable {
    /** MinIO's region, and the one most S3 servers other than AWS expect. */
    public static final String DEFAULT_REGION = "us-east-1";
    private static final Logger LOG = LoggerFactory.getLogger(S3Parts.class);
    /** The wait before the second try; each further one waits four times longer. */
    private static final long FIRST_BACKOFF_MS = 250;

    private final Vertx vertx;
    private final HttpClient http;
    private final S3Store store;
    private final URI endpoint;
    private final int port;
    private final long connectMs;
    private final long idleMs;
    private final int attempts;

    /**
     * @param connections parts sent at once at most; more wait for a connection
     * @param connectMs the wait for a connection (from the pool, or a new one)
     * @param idleMs a part that makes no progress this long (in writing, awaiting or reading the answer) fails
     * @param attempts tries of one part at most, the first included
     */
    public S3Parts(S3Store store, int connections, long connectMs, long idleMs, int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("at least one attempt: " + attempts);
        }
        this.store = store;
        this.endpoint = URI.create(store.url());
        this.port = port(this.endpoint);
        this.connectMs = connectMs;
        this.idleMs = idleMs;
        this.attempts = attempts;
        // its own small event loop: the copies into the sockets stay off the HTTP server's loops. Daemon
        // threads, so that a replica that fails to start still ends (SignedPlaybackTest waited 2 minutes)
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1).setUseDaemonThread(true));
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setSsl("https".equals(this.endpoint.getScheme())).setKeepAlive(true)
                .setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(connections));
    }

    /**
     * The watchdog of one try: a connection, then at most an idle deadline for each of the write, the
     * answer and its body. A store that keeps trickling cannot hold a part longer than this.
     */
    public long attemptDeadlineMs() {
        return connectMs + 3 * idleMs;
    }

    /** Starts sending buffer[0..length) as part {@code partNumber}; completes with its ETag. The buffer must stay untouched until then. */
    public CompletableFuture<String> upload(String bucket, String key, String uploadId, int partNumber, byte[] buffer,
            int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer, 0, length);
        return upload(bucket, key, uploadId, partNumber, buffer, length, Base64.getEncoder()
                .encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array()));
    }

    /** As above with the given x-amz-checksum-crc32c; a test sends a wrong one, to see the store refuse it. */
    CompletableFuture<String> upload(String bucket, String key, String uploadId, int partNumber, byte[] buffer,
            int length, String checksum) {
        Part part = new Part(bucket, key, uploadId, partNumber, buffer, length, checksum);
        CompletableFuture<String> etag = new CompletableFuture<>();
        attempt(part, 1, etag);
        return etag;
    }

    /** One part and its checksum, which every try sends alike. */
    private record Part(String bucket, String key, String uploadId, int number, byte[] buffer, int length,
            String checksum) {
        String what() {
            return "part " + number + " of " + key;
        }
    }

    private void attempt(Part part, int n, CompletableFuture<String> etag) {
        CompletableFuture<String> tried;
        try {
            tried = PartAttempt.start(vertx.getOrCreateContext(), http, request(part), part.buffer(), part.length(),
                    part.what(), connectMs, idleMs, attemptDeadlineMs());
        } catch (RuntimeException e) {
            // no credentials (a token service down): as transient as a store that does not answer
            tried = CompletableFuture.failedFuture(new IOException("signing " + part.what() + ": " + e.getMessage(), e));
        }
        tried.whenComplete((tag, failure) -> {
            if (failure == null) {
                etag.complete(tag);
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (n < attempts && worthRetrying(cause)) {
                long wait = FIRST_BACKOFF_MS << (2 * (n - 1));
                LOG.warn("{}; trying again in {} ms ({} of {})", cause.getMessage(), wait, n + 1, attempts);
                CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS).execute(() -> attempt(part, n + 1, etag));
            } else {
                etag.completeExceptionally(cause);
            }
        });
    }

    /**
     * Worth another try: the connection failed, or the store was busy or broken for a moment. Not a stall
     * (a stage's deadline): the client waiting on the part would wait it out again, so it hears 503 at once
     * and resumes when the store is back.
     */
    static boolean worthRetrying(Throwable failure) {
        if (failure instanceof StoreException refused) {
            return refused.status() >= 500 || refused.status() == 429;
        }
        return failure instanceof IOException && !(failure instanceof java.net.SocketTimeoutException);
    }

    /** The signed request of one try; signed anew each time, with credentials that may have been refreshed. */
    private RequestOptions request(Part part) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("partNumber", Integer.toString(part.number()));
        query.put("uploadId", part.uploadId());
        Address address = address(endpoint, store.pathStyle(), part.bucket(), part.key());
        String host = address.host();
        String path = address.path();
        Credentials credentials = store.current();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", port == defaultPort(endpoint) ? host : host + ":" + port);
        headers.put("x-amz-checksum-crc32c", part.checksum());
        headers.put("x-amz-content-sha256", SigV4.UNSIGNED_PAYLOAD);
        headers.put("x-amz-date", SigV4.timestamp(ZonedDateTime.now()));
        if (credentials.sessionToken() != null && !credentials.sessionToken().isEmpty()) {
            headers.put("x-amz-security-token", credentials.sessionToken());
        }
        SigV4 signer = new SigV4(credentials.accessKey(), credentials.secretKey(), store.region(), "s3");
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.PUT).setHost(host).setPort(port)
                .setURI(path + "?" + SigV4.canonicalQuery(query)).setConnectTimeout(connectMs)
                .putHeader("Authorization", signer.authorization("PUT", path, query, headers, SigV4.UNSIGNED_PAYLOAD))
                .putHeader("Content-Length", Integer.toString(part.length()));
        headers.forEach(request::putHeader);
        return request;
    }

    /** Where a request about an object goes: the host to connect to and the path, encoded. */
    record Address(String host, String path) {
    }

    /** Path-style puts the bucket first in the path; virtual-hosted makes it the first label of the host. */
    static Address address(URI endpoint, boolean pathStyle, String bucket, String key) {
        String object = "/" + SigV4.encode(key, true);
        return pathStyle ? new Address(endpoint.getHost(), "/" + SigV4.encode(bucket, false) + object)
                : new Address(bucket + "." + endpoint.getHost(), object);
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : defaultPort(uri);
    }

    private static int defaultPort(URI uri) {
        return "https".equals(uri.getScheme()) ? 443 : 80;
    }

    @Override
    public void close() {
        http.close();
        vertx.close();
    }

    /** The object store refused a request: its HTTP status and S3 error code. */
    public static final class StoreException extends IOException {
        private final int status;
        private final String code;

        StoreException(int status, String code, String what) {
            super("object store answered " + status + (code.isEmpty() ? "" : " " + code) + " for " + what);
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }
}
