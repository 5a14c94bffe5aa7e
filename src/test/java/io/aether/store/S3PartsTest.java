package io.aether.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.aether.it.Services;
import org.junit.jupiter.api.Test;

/** How a part upload ends when the store refuses it or stops answering. */
class S3PartsTest {
    private static final int MIB = 1024 * 1024;

    @Test
    void aRefusedPartFailsWithTheStoresStatusAndCode() {
        // the real MinIO, signed with a wrong secret
        try (S3Parts parts = new S3Parts(Services.env("AETHER_MINIO_URL"), Services.env("AETHER_MINIO_ACCESS_KEY"),
                "not-the-secret", S3Parts.DEFAULT_REGION, 4, 2_000, 10_000)) {
            byte[] part = new byte[5 * MIB];
            Throwable failure = cause(() -> parts.upload("raw", "s3parts-test/x", "no-such-upload", 1, part,
                    part.length).get(20, TimeUnit.SECONDS));
            S3Parts.StoreException refused = assertInstanceOf(S3Parts.StoreException.class, failure);
            assertEquals(403, refused.status());
            assertEquals("SignatureDoesNotMatch", refused.code());
        }
    }

    @Test
    void aStoreThatStopsReadingFailsThePartAfterTheIdleTimeout() throws Exception {
        // accepts the connection and never reads: the part cannot be sent, nothing moves
        try (ServerSocket frozen = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             S3Parts parts = new S3Parts("http://127.0.0.1:" + frozen.getLocalPort(), "key", "secret",
                     S3Parts.DEFAULT_REGION, 4, 2_000, 1_000)) {
            Thread acceptor = new Thread(() -> {
                try (Socket held = frozen.accept()) {
                    Thread.sleep(30_000);
                } catch (IOException | InterruptedException ended) {
                    // the test is over
                }
            });
            acceptor.start();
            long start = System.nanoTime();
            byte[] part = new byte[64 * MIB]; // more than the socket buffers take without a reader
            Throwable failure = cause(() -> parts.upload("raw", "k", "u", 1, part, part.length)
                    .get(20, TimeUnit.SECONDS));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertInstanceOf(IOException.class, failure);
            assertTrue(ms < 10_000, "failed after " + ms + " ms");
            acceptor.interrupt();
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static Throwable cause(Call call) {
        try {
            call.run();
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("the part upload succeeded");
    }
}
