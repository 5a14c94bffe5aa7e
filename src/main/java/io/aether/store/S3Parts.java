package io.aether.store;

import java.io.IOException;
import java.net.URI;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Sends multipart-upload parts to the object store, each signed with {@link SigV4#UNSIGNED_PAYLOAD}
 * and sent from the caller's buffer as it is, on Vert.x's HTTP client. The MinIO client hashed every
 * part and sent one at a time; OkHttp then copied each part into 8 KiB segments and made one socket
 * write per segment, a quarter of the API's CPU during an upload. Here the buffer goes out in large
 * slices, each copied once, into the socket's buffer. The rest of the S3 calls stay with the MinIO client.
 */
public final class S3Parts implements AutoCloseable {
    /** MinIO's region unless configured otherwise; it only enters the signature's scope. */
    public static final String DEFAULT_REGION = "us-east-1";
    private static final Pattern CODE = Pattern.compile("<Code>([^<]*)</Code>");
    /** How much of a part is handed to the connection at once; its write queue bounds what waits. */
    private static final int SLICE = 256 * 1024;

    private final Vertx vertx;
    private final HttpClient http;
    private final URI endpoint;
    private final int port;
    private final String hostHeader;
    private final SigV4 signer;
    private final long connectMs;
    private final long idleMs;

    /**
     * @param connections parts sent at once at most; more wait for a connection
     * @param idleMs a part whose connection moves no byte for this long fails (a stalled store)
     */
    public S3Parts(String endpoint, String accessKey, String secretKey, String region, int connections,
            long connectMs, long idleMs) {
        this.endpoint = URI.create(endpoint);
        this.port = port(this.endpoint);
        this.hostHeader = port == defaultPort(this.endpoint) ? this.endpoint.getHost() : this.endpoint.getHost() + ":" + port;
        this.signer = new SigV4(accessKey, secretKey, region, "s3");
        this.connectMs = connectMs;
        this.idleMs = idleMs;
        // its own small event loop: the copies into the sockets stay off the HTTP server's loops. Daemon
        // threads, so that a replica that fails to start still ends (SignedPlaybackTest waited 2 minutes)
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1).setUseDaemonThread(true));
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setSsl("https".equals(this.endpoint.getScheme())).setKeepAlive(true)
                .setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(connections));
    }

    /** Starts sending buffer[0..length) as part {@code partNumber}; completes with its ETag. The buffer must stay untouched until then. */
    public CompletableFuture<String> upload(String bucket, String key, String uploadId, int partNumber, byte[] buffer,
            int length) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("partNumber", Integer.toString(partNumber));
        query.put("uploadId", uploadId);
        String path = "/" + SigV4.encode(bucket, false) + "/" + SigV4.encode(key, true);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", hostHeader);
        headers.put("x-amz-content-sha256", SigV4.UNSIGNED_PAYLOAD);
        headers.put("x-amz-date", SigV4.timestamp(ZonedDateTime.now()));
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.PUT).setHost(endpoint.getHost())
                .setPort(port).setURI(path + "?" + SigV4.canonicalQuery(query))
                .setConnectTimeout(connectMs).setIdleTimeout(idleMs)
                .putHeader("Authorization", signer.authorization("PUT", path, query, headers, SigV4.UNSIGNED_PAYLOAD))
                .putHeader("Content-Length", Integer.toString(length));
        headers.forEach(request::putHeader);
        String what = "part " + partNumber + " of " + key;
        CompletableFuture<String> etag = new CompletableFuture<>();
        http.request(request)
                .compose(sending -> {
                    Promise<Void> sent = Promise.promise();
                    pump(sending, buffer, 0, length, sent);
                    return sent.future().compose(v -> sending.response());
                })
                .compose(response -> response.body().compose(body -> {
                    String tag = response.getHeader("ETag");
                    if (response.statusCode() / 100 != 2 || tag == null) {
                        Matcher code = CODE.matcher(body.toString());
                        return Future.failedFuture(new StoreException(response.statusCode(),
                                code.find() ? code.group(1) : "", what));
                    }
                    return Future.succeededFuture(tag.replace("\"", ""));
                }))
                .onComplete(done -> {
                    if (done.succeeded()) {
                        etag.complete(done.result());
                    } else {
                        etag.completeExceptionally(done.cause() instanceof StoreException refused ? refused
                                : new IOException("sending " + what + " failed: " + done.cause(), done.cause()));
                    }
                });
        return etag;
    }

    /**
     * Writes slices while the connection takes them, and goes on when it has drained. Vert.x's idle
     * timeout only watches for the answer, so a store that stops reading mid-part is watched here.
     */
    private void pump(HttpClientRequest request, byte[] buffer, int from, int to, Promise<Void> sent) {
        int at = from;
        while (at < to && !request.writeQueueFull()) {
            int n = Math.min(SLICE, to - at);
            request.write(Buffer.buffer(Unpooled.wrappedBuffer(buffer, at, n)));
            at += n;
        }
        if (at < to) {
            int next = at;
            long stalled = vertx.setTimer(idleMs, t -> {
                IOException timeout = new IOException("the object store took no bytes for " + idleMs + " ms");
                request.reset(0, timeout);
                sent.tryFail(timeout);
            });
            request.drainHandler(v -> {
                vertx.cancelTimer(stalled);
                pump(request, buffer, next, to, sent);
            });
            return;
        }
        request.drainHandler(null);
        request.end().onComplete(done -> {
            if (done.succeeded()) {
                sent.tryComplete();
            } else {
                sent.tryFail(done.cause());
            }
        });
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
