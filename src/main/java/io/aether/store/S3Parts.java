package io.aether.store;

import java.io.IOException;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Sends multipart-upload parts to the object store, each signed with {@link SigV4#UNSIGNED_PAYLOAD}
 * and sent from the caller's buffer as it is. The MinIO client hashed every part before sending it and
 * sent one part at a time; this is the path the upload bytes take, the rest of the S3 calls stay with it.
 */
public final class S3Parts {
    /** MinIO's region unless configured otherwise; it only enters the signature's scope. */
    public static final String DEFAULT_REGION = "us-east-1";
    private static final Pattern CODE = Pattern.compile("<Code>([^<]*)</Code>");

    private final OkHttpClient http;
    private final HttpUrl endpoint;
    private final SigV4 signer;

    public S3Parts(OkHttpClient http, String endpoint, String accessKey, String secretKey, String region) {
        this.http = http;
        this.endpoint = HttpUrl.get(endpoint);
        this.signer = new SigV4(accessKey, secretKey, region, "s3");
    }

    /** Starts sending buffer[0..length) as part {@code partNumber}; completes with its ETag. The buffer must stay untouched until then. */
    public CompletableFuture<String> upload(String bucket, String key, String uploadId, int partNumber, byte[] buffer,
            int length) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("partNumber", Integer.toString(partNumber));
        query.put("uploadId", uploadId);
        String path = "/" + SigV4.encode(bucket, false) + "/" + SigV4.encode(key, true);
        HttpUrl url = endpoint.newBuilder().encodedPath(path).encodedQuery(SigV4.canonicalQuery(query)).build();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", hostHeader(url));
        headers.put("x-amz-content-sha256", SigV4.UNSIGNED_PAYLOAD);
        headers.put("x-amz-date", SigV4.timestamp(ZonedDateTime.now()));
        Request.Builder request = new Request.Builder().url(url)
                .put(RequestBody.create(buffer, null, 0, length))
                .header("Authorization", signer.authorization("PUT", path, query, headers, SigV4.UNSIGNED_PAYLOAD));
        headers.forEach(request::header);
        CompletableFuture<String> etag = new CompletableFuture<>();
        http.newCall(request.build()).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                etag.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    String body = response.body().string();
                    String tag = response.header("ETag");
                    if (!response.isSuccessful() || tag == null) {
                        Matcher code = CODE.matcher(body);
                        throw new StoreException(response.code(), code.find() ? code.group(1) : "",
                                "part " + partNumber + " of " + key);
                    }
                    etag.complete(tag.replace("\"", ""));
                } catch (IOException | RuntimeException e) {
                    etag.completeExceptionally(e);
                }
            }
        });
        return etag;
    }

    /** As OkHttp writes it: the port only when it is not the scheme's default. */
    private static String hostHeader(HttpUrl url) {
        return url.port() == HttpUrl.defaultPort(url.scheme()) ? url.host() : url.host() + ":" + url.port();
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
