package io.aether.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.aether.it.Services;
import io.aether.it.TestStores;
import io.aether.it.Tools;
import io.aether.tus.TusFixtures;
import io.minio.GetObjectArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Streams into the real stores (MinIO, and versitygw for whole objects): whole objects of any size, and nothing left behind by a stream that breaks. */
class StreamedObjectsTest {
    private static final int MIB = 1024 * 1024;
    private static final MinioClient MINIO = Services.minio();
    private final MinioAsyncClient async = MinioAsyncClient.builder().endpoint(Services.env("AETHER_MINIO_URL"))
            .credentials(Services.env("AETHER_MINIO_ACCESS_KEY"), Services.env("AETHER_MINIO_SECRET_KEY")).build();
    private final PartBuffers buffers = new PartBuffers(5L * MIB, 64L * MIB, 10_000);
    private final StreamedObjects objects = new StreamedObjects(async, TusFixtures.parts(), buffers, 2);

    /** Whole or broken, a stream gives back every buffer it took once its parts have settled. */
    @AfterEach
    void everyBufferCameBack() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (buffers.availableBytes() != 64L * MIB && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(64L * MIB, buffers.availableBytes(), "buffers still held");
    }

    /** On both stores, with the part sender and the MinIO client Aether's API builds for them. */
    @ParameterizedTest
    @EnumSource(TestStores.class)
    void storesStreamsOfAnySizeWhole(TestStores store) throws Exception {
        MinioClient minio = store.minio();
        try (S3Parts parts = store.parts()) {
            storesWhole(minio, new StreamedObjects(store.minioAsync(), parts, buffers, 2));
        }
    }

    private static void storesWhole(MinioClient minio, StreamedObjects objects) throws Exception {
        for (int size : new int[] {0, 1, 5 * MIB, 5 * MIB + 1, 17 * MIB + 123}) {
            byte[] data = TusFixtures.random(size, size);
            String key = "streamed-test/" + UUID.randomUUID();
            // a stream that hands out odd-sized reads, as a network stream does
            long stored = objects.put("raw", key, "video/mp4", Map.of("filename", "a%20b.mp4"), trickle(data));
            assertEquals(size, stored);
            try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket("raw").object(key).build())) {
                assertArrayEquals(data, in.readAllBytes(), "object of " + size + " bytes");
            }
            assertEquals("a%20b.mp4", minio.statObject(StatObjectArgs.builder().bucket("raw").object(key).build())
                    .userMetadata().get("filename"));
            minio.removeObject(RemoveObjectArgs.builder().bucket("raw").object(key).build());
        }
    }

    @Test
    void aStreamThatBreaksLeavesNoObjectAndNoOpenUpload() throws Exception {
        String key = "streamed-test/" + UUID.randomUUID();
        byte[] data = TusFixtures.random(12 * MIB, 7);
        InputStream breaking = new InputStream() {
            private final InputStream in = new ByteArrayInputStream(data);

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, Math.min(len, 64 * 1024));
                if (n < 0) {
                    throw new IOException("the client went away");
                }
                return n;
            }
        };
        IOException failure = assertThrows(IOException.class,
                () -> objects.put("raw", key, "video/mp4", Map.of(), breaking));
        assertEquals("the client went away", failure.getMessage());
        ErrorResponseException missing = assertThrows(ErrorResponseException.class,
                () -> MINIO.statObject(StatObjectArgs.builder().bucket("raw").object(key).build()));
        assertEquals("NoSuchKey", missing.errorResponse().code());
        // listed with curl: the MinIO client cannot parse the listing while another test's upload is open
        String open = Tools.run(List.of("curl", "-fsS", "--aws-sigv4", "aws:amz:us-east-1:s3", "--user",
                Services.env("AETHER_MINIO_ACCESS_KEY") + ":" + Services.env("AETHER_MINIO_SECRET_KEY"),
                Services.env("AETHER_MINIO_URL") + "/raw?uploads="));
        assertFalse(open.contains("<Key>" + key + "</Key>"), "the multipart upload was aborted: " + open);
    }

    private static InputStream trickle(byte[] data) {
        return new ByteArrayInputStream(data) {
            private int turn;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + (turn++ * 7919) % (300 * 1024)));
            }
        };
    }
}
