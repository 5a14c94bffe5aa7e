package io.aether.it;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.aether.store.S3Parts;
import io.aether.store.S3Store;
import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.credentials.StaticProvider;
import io.minio.messages.Item;

/**
 * The two S3 servers scripts/services runs: MinIO and versitygw (docs/storage.md). Tests that exercise
 * storage run against both, so that Aether is known to work with more than MinIO.
 */
public enum TestStores {
    MINIO("AETHER_MINIO"),
    VERSITYGW("AETHER_S3B");

    private final String prefix;

    TestStores(String prefix) {
        this.prefix = prefix;
    }

    public static List<TestStores> all() {
        return List.of(values());
    }

    public String url() {
        return Services.env(prefix + "_URL");
    }

    public String accessKey() {
        return Services.env(prefix + "_ACCESS_KEY");
    }

    public String secretKey() {
        return Services.env(prefix + "_SECRET_KEY");
    }

    /** What an Aether process needs to use this store instead of MinIO. */
    public java.util.Map<String, String> appEnv() {
        return java.util.Map.of("AETHER_MINIO_URL", url(), "AETHER_MINIO_ACCESS_KEY", accessKey(),
                "AETHER_MINIO_SECRET_KEY", secretKey());
    }

    public S3Store store() {
        return new S3Store(url(), S3Parts.DEFAULT_REGION, new StaticProvider(accessKey(), secretKey(), null), true);
    }

    public MinioClient minio() {
        return MinioClient.builder().endpoint(url()).credentials(accessKey(), secretKey()).build();
    }

    public MinioAsyncClient minioAsync() {
        return MinioAsyncClient.builder().endpoint(url()).credentials(accessKey(), secretKey()).build();
    }

    /** The part sender as Aether's API builds it, for this store. */
    public S3Parts parts() {
        return new S3Parts(store(), 64, 5_000, 60_000, 3);
    }

    /** Names of the objects under the prefix in the bucket. */
    public Set<String> objects(String bucket, String prefix) throws Exception {
        Set<String> names = new TreeSet<>();
        for (Result<Item> item : minio().listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                .recursive(true).build())) {
            names.add(item.get().objectName());
        }
        return names;
    }

    /**
     * Ids of the multipart uploads open in the bucket, asked with curl's own signing (minio-java 8.6
     * cannot read MinIO's listing). versitygw insists on x-amz-content-sha256, which curl 7 leaves out.
     */
    public Set<String> openUploads(String bucket) throws Exception {
        return openUploads(url(), accessKey(), secretKey(), bucket);
    }

    static Set<String> openUploads(String url, String accessKey, String secretKey, String bucket) throws Exception {
        String xml = Tools.run(List.of("curl", "-fsS", "--max-time", "10", "--aws-sigv4", "aws:amz:us-east-1:s3",
                "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD", "--user", accessKey + ":" + secretKey,
                url + "/" + bucket + "?uploads="));
        Set<String> ids = new TreeSet<>();
        Matcher m = Pattern.compile("<UploadId>([^<]+)</UploadId>").matcher(xml);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** Opens a multipart upload that nobody will finish, as an API killed mid-upload leaves one; returns its id. */
    public String openUpload(String bucket, String key) throws Exception {
        return minioAsync().createMultipartUploadAsync(bucket, null, key, null, null).get().result().uploadId();
    }
}
