package io.aether.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.minio.credentials.StaticProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How a part ends when the peer misbehaves: a real socket peer ({@link StorePeer}) that answers early,
 * closes a kept-alive connection, answers half or never. Every part must end, with an IOException that
 * names the stage, within its deadlines: a regression fails here by the timeout instead of hanging.
 * The real stores' side (refusals, checksums, both servers) is in S3StoresTest.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class S3PartsTest {
    private static final int MIB = 1024 * 1024;

    private static S3Parts parts(StorePeer peer, long connectMs, long idleMs, int attempts) {
        return new S3Parts(new S3Store(peer.url(), S3Parts.DEFAULT_REGION, new StaticProvider("key", "secret", null),
                true), 4, connectMs, idleMs, attempts);
    }

    @Test
    void aStoreThatRefusesBeforeReadingTheBodyFailsThePartWithItsAnswer() throws Exception {
        // answers 503 on the head, then reads the whole body: the answer ends before the write does.
        // The part sender used to attach the body's handler after the write, and waited forever
        try (StorePeer peer = new StorePeer((n, request, in, out) -> {
            StorePeer.write(out, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 40\r\n\r\n"
                    + "<Error><Code>SlowDown</Code></Error>    ");
            StorePeer.drain(in, request.contentLength());
            return true;
        }); S3Parts parts = parts(peer, 2_000, 5_000, 1)) {
            Throwable failure = failure(parts, 16 * MIB);
            S3Parts.StoreException refused = assertInstanceOf(S3Parts.StoreException.class, failure, failure::toString);
            assertEquals(503, refused.status());
            assertEquals("SlowDown", refused.code());
        }
    }

    @Test
    void aStoreThatAnswersBeforeTheEndOfThePartStillEndsIt() throws Exception {
        // 200 on the head, then the whole body read: the answer may end before the write does
        try (StorePeer peer = new StorePeer((n, request, in, out) -> {
            StorePeer.write(out, StorePeer.ok("early"));
            StorePeer.drain(in, request.contentLength());
            return true;
        }); S3Parts parts = parts(peer, 2_000, 5_000, 1)) {
            byte[] part = new byte[16 * MIB];
            try {
                assertEquals("early", parts.upload("raw", "k", "u", 1, part, part.length).get(30, TimeUnit.SECONDS));
            } catch (ExecutionException notTrusted) {
                // the answer came while the part was still being written: a success then cannot be trusted
                assertTrue(notTrusted.getCause().getMessage().contains("before part 1 of k was sent"),
                        notTrusted.getCause().getMessage());
            }
        }
    }

    @Test
    void aStoreThatAnswersTheHeadButNeverTheBodyFailsWhileReadingTheAnswer() throws Exception {
        try (StorePeer peer = new StorePeer((n, request, in, out) -> {
            StorePeer.drain(in, request.contentLength());
            StorePeer.write(out, "HTTP/1.1 200 OK\r\nETag: \"x\"\r\nContent-Length: 100\r\n\r\n");
            Thread.sleep(30_000);
            return false;
        }); S3Parts parts = parts(peer, 2_000, 1_000, 1)) {
            Throwable failure = failure(parts, MIB);
            assertTrue(failure.getMessage().contains("while reading the answer"), failure.getMessage());
        }
    }

    @Test
    void aStoreThatNeverAnswersFailsThePartWhileWaitingForTheAnswer() throws Exception {
        try (StorePeer peer = new StorePeer((n, request, in, out) -> {
            StorePeer.drain(in, request.contentLength());
            Thread.sleep(30_000);
            return false;
        }); S3Parts parts = parts(peer, 2_000, 1_000, 1)) {
            long start = System.nanoTime();
            Throwable failure = failure(parts, MIB);
            assertTrue(failure.getMessage().contains("while waiting for the answer"), failure.getMessage());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5_000);
        }
    }

    @Test
    void aStoreThatStopsReadingFailsThePartWhileSending() throws Exception {
        try (StorePeer peer = new StorePeer((n, request, in, out) -> {
            Thread.sleep(30_000);
            return false;
        }); S3Parts parts = parts(peer, 2_000, 1_000, 1)) {
            long start = System.nanoTime();
            Throwable failure = failure(parts, 64 * MIB); // more than the socket buffers take without a reader
            assertTrue(failure.getMessage().contains("while sending"), failure.getMessage());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 10_000);
        }
    }

    @Test
    void aStoreThatReadsTooSlowlyIsCutOffByTheWatchdog() throws Exception {
        // takes 64 KiB every 100 ms: the write never stalls for the idle deadline, but 64 MiB would take minutes
        try (StorePeer peer = new StorePeer((n, request, in, out) -> {
            byte[] sip = new byte[64 * 1024];
            while (in.read(sip) >= 0) {
                Thread.sleep(100);
            }
            return false;
        }); S3Parts parts = parts(peer, 1_000, 1_500, 1)) {
            long start = System.nanoTime();
            Throwable failure = failure(parts, 64 * MIB);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertInstanceOf(IOException.class, failure);
            assertTrue(ms < parts.attemptDeadlineMs() + 3_000, "failed after " + ms + " ms: " + failure.getMessage());
        }
    }

    @Test
    void aKeptAliveConnectionTheStoreClosedIsRetriedOnAnother() throws Exception {
        // the second request arrives on the connection the first one left open; the store closes it unanswered
        try (StorePeer peer = new StorePeer((n, request, in, out) -> {
            if (n == 2) {
                return false;
            }
            StorePeer.drain(in, request.contentLength());
            StorePeer.write(out, StorePeer.ok("etag-" + n));
            return true;
        }); S3Parts parts = parts(peer, 2_000, 5_000, 3)) {
            byte[] part = new byte[MIB];
            assertEquals("etag-1", parts.upload("raw", "k", "u", 1, part, part.length).get(20, TimeUnit.SECONDS));
            assertEquals("etag-3", parts.upload("raw", "k", "u", 2, part, part.length).get(20, TimeUnit.SECONDS));
            assertEquals(3, peer.requests());
        }
    }

    @Test
    void aRefusalIsFinalButAServerErrorIsTriedAgain() throws Exception {
        try (StorePeer peer = new StorePeer((n, request, in, out) -> {
            StorePeer.drain(in, request.contentLength());
            String key = request.line().split(" ")[1];
            if (key.startsWith("/raw/refused") || n == 2) {
                StorePeer.write(out, "HTTP/1.1 " + (key.startsWith("/raw/refused") ? "403 Forbidden" : "500 Oops")
                        + "\r\nContent-Length: 0\r\n\r\n");
            } else {
                StorePeer.write(out, StorePeer.ok("etag-" + n));
            }
            return true;
        }); S3Parts parts = parts(peer, 2_000, 5_000, 3)) {
            byte[] part = new byte[1024];
            assertEquals("etag-1", parts.upload("raw", "k", "u", 1, part, part.length).get(20, TimeUnit.SECONDS));
            assertEquals("etag-3", parts.upload("raw", "k", "u", 2, part, part.length).get(20, TimeUnit.SECONDS));
            S3Parts.StoreException refused = assertInstanceOf(S3Parts.StoreException.class,
                    cause(() -> parts.upload("raw", "refused", "u", 1, part, part.length).get(20, TimeUnit.SECONDS)));
            assertEquals(403, refused.status());
            assertEquals(4, peer.requests(), "the refusal was sent once");
        }
    }

    @Test
    void partsCarryTheirChecksumAndATemporarySessionToken() throws Exception {
        try (StorePeer peer = new StorePeer((n, request, in, out) -> {
            StorePeer.drain(in, request.contentLength());
            StorePeer.write(out, StorePeer.ok("e"));
            return true;
        }); S3Parts parts = new S3Parts(new S3Store(peer.url(), "eu-west-3",
                new StaticProvider("key", "secret", "the-session-token"), true), 4, 2_000, 5_000, 1)) {
            byte[] part = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            parts.upload("raw", "a/b", "u", 1, part, part.length).get(20, TimeUnit.SECONDS);
            StorePeer.Request seen = peer.seen().get(0);
            assertEquals("4waSgw==", seen.header("x-amz-checksum-crc32c")); // CRC32C("123456789") = 0xe3069283
            assertEquals("the-session-token", seen.header("x-amz-security-token"));
            assertTrue(seen.header("authorization").contains("/eu-west-3/s3/aws4_request"), seen.header("authorization"));
            assertTrue(seen.header("authorization").contains("x-amz-checksum-crc32c;x-amz-content-sha256;x-amz-date;"
                    + "x-amz-security-token"), seen.header("authorization"));
            assertTrue(seen.line().startsWith("PUT /raw/a/b?partNumber=1&uploadId=u "), seen.line());
        }
    }

    @Test
    void addressesBucketsInThePathOrInTheHost() {
        java.net.URI endpoint = java.net.URI.create("https://s3.eu-west-3.amazonaws.com");
        assertEquals(new S3Parts.Address("s3.eu-west-3.amazonaws.com", "/raw/a%20b/source"),
                S3Parts.address(endpoint, true, "raw", "a b/source"));
        assertEquals(new S3Parts.Address("raw.s3.eu-west-3.amazonaws.com", "/a%20b/source"),
                S3Parts.address(endpoint, false, "raw", "a b/source"));
    }

    private static Throwable failure(S3Parts parts, int size) {
        byte[] part = new byte[size];
        return cause(() -> parts.upload("raw", "k", "u", 1, part, part.length).get(30, TimeUnit.SECONDS));
    }

    interface Call {
        void run() throws Exception;
    }

    static Throwable cause(Call call) {
        try {
            call.run();
        } catch (ExecutionException | CompletionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("the part upload succeeded");
    }
}
