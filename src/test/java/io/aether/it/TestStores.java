package io.aether.it;

import java.util.List;

import io.aether.store.S3Parts;
import io.aether.store.S3Store;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.credentials.StaticProvider;

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
}
