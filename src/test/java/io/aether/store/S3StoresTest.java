package io.aether.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.aether.it.TestStores;
import io.aether.tus.TusFixtures;
import io.minio.GetObjectArgs;
import io.minio.MinioAsyncClient;
import io.minio.RemoveObjectArgs;
import io.minio.credentials.AssumeRoleProvider;
import io.minio.credentials.Credentials;
import io.minio.credentials.StaticProvider;
import io.minio.messages.Part;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The part sender against the real stores, MinIO and versitygw: what each accepts and what it refuses. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class S3StoresTest {
    private static final int MIB = 1024 * 1024;

    @ParameterizedTest
    @EnumSource(TestStores.class)
    void partsWithTheirChecksumsMakeTheObject(TestStores store) throws Exception {
        MinioAsyncClient minio = store.minioAsync();
        String key = "s3stores-test/" + UUID.randomUUID();
        byte[] first = TusFixtures.random(5 * MIB, 1);
        byte[] second = TusFixtures.random(123, 2);
        String uploadId = minio.createMultipartUploadAsync("raw", null, key, null, null).get().result().uploadId();
        try (S3Parts parts = store.parts()) {
            String one = parts.upload("raw", key, uploadId, 1, first, first.length).get(60, TimeUnit.SECONDS);
            String two = parts.upload("raw", key, uploadId, 2, second, second.length).get(60, TimeUnit.SECONDS);
            minio.completeMultipartUploadAsync("raw", null, key, uploadId,
                    new Part[] {new Part(1, one), new Part(2, two)}, null, null).get();
        }
        try (InputStream in = store.minio().getObject(GetObjectArgs.builder().bucket("raw").object(key).build())) {
            byte[] stored = in.readAllBytes();
            assertEquals(first.length + second.length, stored.length);
            assertArrayEquals(first, java.util.Arrays.copyOf(stored, first.length));
        }
        store.minio().removeObject(RemoveObjectArgs.builder().bucket("raw").object(key).build());
    }

    @ParameterizedTest
    @EnumSource(TestStores.class)
    void aPartWhoseChecksumDoesNotMatchIsRefusedAndNotRetried(TestStores store) throws Exception {
        MinioAsyncClient minio = store.minioAsync();
        String key = "s3stores-test/" + UUID.randomUUID();
        byte[] part = TusFixtures.random(5 * MIB, 3);
        String uploadId = minio.createMultipartUploadAsync("raw", null, key, null, null).get().result().uploadId();
        try (S3Parts parts = store.parts()) {
            Throwable failure = S3PartsTest.cause(() -> parts.upload("raw", key, uploadId, 1, part, part.length,
                    "AAAAAA==").get(60, TimeUnit.SECONDS));
            S3Parts.StoreException refused = assertInstanceOf(S3Parts.StoreException.class, failure, failure::toString);
            // MinIO: XAmzContentChecksumMismatch; versitygw: BadDigest. A 4xx: never tried again (S3PartsTest)
            assertEquals(400, refused.status(), refused.getMessage());
            assertTrue(refused.code().contains("Checksum") || refused.code().equals("BadDigest"), refused.code());
        } finally {
            minio.abortMultipartUploadAsync("raw", null, key, uploadId, null, null).get();
        }
    }

    @ParameterizedTest
    @EnumSource(TestStores.class)
    void aPartSignedWithAWrongSecretIsRefused(TestStores store) throws Exception {
        try (S3Parts parts = new S3Parts(new S3Store(store.url(), S3Parts.DEFAULT_REGION,
                new StaticProvider(store.accessKey(), "not-the-secret", null), true), 4, 2_000, 10_000, 3)) {
            // small: versitygw refuses before reading the body and closes the connection, which with a big
            // part can reset it before the answer is read (the part then fails as an IOException)
            byte[] part = new byte[1024];
            Throwable failure = S3PartsTest.cause(() -> parts.upload("raw", "s3parts-test/x", "no-such-upload", 1,
                    part, part.length).get(60, TimeUnit.SECONDS));
            S3Parts.StoreException refused = assertInstanceOf(S3Parts.StoreException.class, failure, failure::toString);
            assertEquals(403, refused.status());
            assertEquals("SignatureDoesNotMatch", refused.code());
        }
    }

    @Test
    void temporaryCredentialsSignWithTheirSessionToken() throws Exception {
        // MinIO's STS hands out temporary credentials (AssumeRole with the root user's keys)
        TestStores store = TestStores.MINIO;
        AssumeRoleProvider sts = new AssumeRoleProvider(store.url(), store.accessKey(), store.secretKey(), 900, null,
                S3Parts.DEFAULT_REGION, null, null, null, null);
        Credentials temporary = sts.fetch();
        assertNotNull(temporary.sessionToken());
        S3Store withToken = new S3Store(store.url(), S3Parts.DEFAULT_REGION, sts, true);
        MinioAsyncClient minio = store.minioAsync();
        String key = "s3stores-test/" + UUID.randomUUID();
        String uploadId = minio.createMultipartUploadAsync("raw", null, key, null, null).get().result().uploadId();
        try (S3Parts parts = new S3Parts(withToken, 4, 2_000, 10_000, 1)) {
            byte[] part = TusFixtures.random(1024, 4);
            assertNotNull(parts.upload("raw", key, uploadId, 1, part, part.length).get(60, TimeUnit.SECONDS));
            // without the token the same keys are unknown
            S3Parts withoutToken = new S3Parts(new S3Store(store.url(), S3Parts.DEFAULT_REGION,
                    new StaticProvider(temporary.accessKey(), temporary.secretKey(), null), true), 4, 2_000, 10_000, 1);
            try (withoutToken) {
                Throwable failure = S3PartsTest.cause(() -> withoutToken.upload("raw", key, uploadId, 1, part,
                        part.length).get(60, TimeUnit.SECONDS));
                assertEquals(403, assertInstanceOf(S3Parts.StoreException.class, failure, failure::toString).status());
            }
        } finally {
            minio.abortMultipartUploadAsync("raw", null, key, uploadId, null, null).get();
        }
    }
}
