package io.aether.tus;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;

import io.aether.it.Services;
import io.lettuce.core.api.sync.RedisCommands;
import io.minio.GetObjectArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;

/** What the tus tests check in the real stores: stored bytes, queued jobs, open multipart uploads. */
public final class TusFixtures {
    public static final String QUEUE = "aether:queue:transcode";

    private TusFixtures() {
    }

    public static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    public static String metadata(String filename, String filetype) {
        Base64.Encoder b64 = Base64.getEncoder();
        return "filename " + b64.encodeToString(filename.getBytes(StandardCharsets.UTF_8))
                + ",filetype " + b64.encodeToString(filetype.getBytes(StandardCharsets.UTF_8));
    }

    public static String id(String uploadUrl) {
        return uploadUrl.substring(uploadUrl.lastIndexOf('/') + 1);
    }

    public static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    public static String sha256(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    /** The SHA-256 of the raw object of a video, streamed from MinIO. */
    public static String rawSha256(MinioClient minio, String videoId) throws Exception {
        try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket("raw").object(videoId + "/source")
                .build())) {
            return sha256(in);
        }
    }

    /** Jobs in the transcode queue for the video (a job stays there until a worker is done with it). */
    public static long jobsFor(RedisCommands<String, String> redis, String videoId) {
        return redis.xrange(QUEUE, io.lettuce.core.Range.unbounded()).stream()
                .filter(m -> videoId.equals(m.getBody().get("videoId"))).count();
    }

    /** The part sender Aether's API builds. */
    public static io.aether.store.S3Parts parts() {
        return io.aether.it.TestStores.MINIO.parts();
    }

    /** How many parts MinIO holds for the multipart upload, or empty once it was completed or aborted. */
    public static Optional<Integer> storedParts(String key, String uploadId) throws Exception {
        MinioAsyncClient minio = MinioAsyncClient.builder().endpoint(Services.env("AETHER_MINIO_URL"))
                .credentials(Services.env("AETHER_MINIO_ACCESS_KEY"), Services.env("AETHER_MINIO_SECRET_KEY")).build();
        try {
            return Optional.of(minio.listPartsAsync("raw", null, key, 1000, null, uploadId, null, null).get()
                    .result().partList().size());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ErrorResponseException error && "NoSuchUpload".equals(error.errorResponse().code())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Aborts the multipart uploads of every upload a test left unfinished in its Redis database, so tests
     * leave no open multipart uploads in the shared raw bucket (some tests count them).
     */
    public static void abortUnfinished(RedisCommands<String, String> redis) throws Exception {
        MinioAsyncClient minio = MinioAsyncClient.builder().endpoint(Services.env("AETHER_MINIO_URL"))
                .credentials(Services.env("AETHER_MINIO_ACCESS_KEY"), Services.env("AETHER_MINIO_SECRET_KEY")).build();
        for (String key : redis.keys("aether:tus:*")) {
            if (!key.matches("aether:tus:[0-9a-f-]{36}")) {
                continue;
            }
            Map<String, String> upload = redis.hgetall(key);
            if ("uploading".equals(upload.get("state")) || "finishing".equals(upload.get("state"))) {
                try {
                    minio.abortMultipartUploadAsync("raw", null, upload.get("key"), upload.get("uploadId"), null, null)
                            .get();
                } catch (ExecutionException gone) {
                    // completed or aborted already
                }
            }
        }
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
