package io.aether.tus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.Base64;

import io.aether.errors.Conflict;
import io.aether.errors.InvalidRequest;
import io.aether.errors.NotFound;
import io.aether.errors.TooLarge;
import io.aether.errors.UnsupportedMediaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class TusRulesTest {
    private static final long MAX = 1000;

    @Test
    void onlyVersionOneZeroZeroIsSpoken() {
        TusRules.requireVersion("1.0.0");
        TusRules.requireVersion(" 1.0.0 ");
        assertRefused(UnsupportedVersion.class, () -> TusRules.requireVersion("0.2.2"));
        assertRefused(UnsupportedVersion.class, () -> TusRules.requireVersion(null));
    }

    @Test
    void uploadLengthIsAPlainPositiveNumberWithinTheLimit() {
        assertEquals(1000, TusRules.uploadLength("1000", null, MAX));
        assertEquals(1, TusRules.uploadLength("1", null, MAX));
        assertRefused(TooLarge.class, () -> TusRules.uploadLength("1001", null, MAX));
        assertRefused(InvalidRequest.class, () -> TusRules.uploadLength("0", null, MAX));
        assertRefused(InvalidRequest.class, () -> TusRules.uploadLength("-5", null, MAX));
        assertRefused(InvalidRequest.class, () -> TusRules.uploadLength("+5", null, MAX));
        assertRefused(InvalidRequest.class, () -> TusRules.uploadLength("1e3", null, MAX));
        assertRefused(InvalidRequest.class, () -> TusRules.uploadLength("99999999999999999999", null, MAX));
        assertRefused(InvalidRequest.class, () -> TusRules.uploadLength(null, null, MAX));
        assertRefused(InvalidRequest.class, () -> TusRules.uploadLength(null, "1", MAX), "deferred length is not offered");
    }

    @Test
    void offsetsMustMatchAndBodiesMustFit() {
        assertEquals(42, TusRules.uploadOffset("42"));
        assertRefused(InvalidRequest.class, () -> TusRules.uploadOffset("abc"));
        assertRefused(InvalidRequest.class, () -> TusRules.uploadOffset(null));
        TusRules.requireOffset(7, 7);
        assertRefused(Conflict.class, () -> TusRules.requireOffset(6, 7));
        TusRules.requireFits(10, 90L, 100);
        TusRules.requireFits(10, null, 100);
        assertRefused(TooLarge.class, () -> TusRules.requireFits(10, 91L, 100));
    }

    @Test
    void patchBodiesAreOffsetOctetStreams() {
        assertTrue(TusRules.isOffsetOctetStream("application/offset+octet-stream"));
        assertTrue(TusRules.isOffsetOctetStream("Application/Offset+Octet-Stream; charset=binary"));
        assertFalse(TusRules.isOffsetOctetStream("application/octet-stream"));
        assertFalse(TusRules.isOffsetOctetStream(null));
        assertRefused(UnsupportedMediaType.class, () -> TusRules.requireOffsetOctetStream("text/plain"));
    }

    @Test
    void checksumsAreSha1InBase64() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-1").digest("hello".getBytes());
        String b64 = Base64.getEncoder().encodeToString(digest);
        assertArrayEquals(digest, TusRules.checksum("sha1 " + b64));
        assertNull(TusRules.checksum(null));
        assertRefused(InvalidRequest.class, () -> TusRules.checksum("md5 " + b64), "unsupported algorithm");
        assertRefused(InvalidRequest.class, () -> TusRules.checksum("sha1 not*base64"));
        assertRefused(InvalidRequest.class, () -> TusRules.checksum("sha1 " + Base64.getEncoder().encodeToString(new byte[5])));
        assertRefused(InvalidRequest.class, () -> TusRules.checksum("sha1"));
    }

    @Test
    void uploadIdsAreUuidsAndNothingElseReachesAKey() {
        String id = "0b0c2a52-6f43-4b8b-9a1d-2f0d1b1f3c4e";
        assertEquals(id, TusRules.uploadId(id));
        assertRefused(NotFound.class, () -> TusRules.uploadId("../../etc/passwd"));
        assertRefused(NotFound.class, () -> TusRules.uploadId(id + "/x"));
        assertRefused(NotFound.class, () -> TusRules.uploadId(id.toUpperCase()));
        assertRefused(NotFound.class, () -> TusRules.uploadId(null));
    }

    @Test
    void filetypeBecomesAContentTypeOnlyWhenPlausible() {
        assertEquals("video/mp4", TusRules.contentType("video/mp4"));
        assertEquals("video/quicktime", TusRules.contentType(" Video/QuickTime "));
        assertEquals("application/octet-stream", TusRules.contentType("video/mp4\r\nX-Evil: 1"));
        assertEquals("application/octet-stream", TusRules.contentType("notatype"));
        assertEquals("application/octet-stream", TusRules.contentType(null));
    }

    @Test
    void partsAreFiveMibUnlessTheFileNeedsMoreThanS3Numbers() {
        long mib = 1024L * 1024;
        assertEquals(5 * mib, TusRules.partSize(50 * mib, 0));
        assertEquals(5 * mib, TusRules.partSize(10L * 1024 * mib, 5 * mib), "10 GiB fits 9000 parts of 5 MiB");
        assertEquals(8 * mib, TusRules.partSize(10 * mib, 8 * mib), "a larger configured size is kept");
        long huge = 100L * 1024 * mib;
        long size = TusRules.partSize(huge, 5 * mib);
        assertTrue(huge / size <= TusRules.PLANNED_PARTS, "100 GiB fits in the planned part count: " + size);
        assertEquals(0, size % mib);
    }

    @Test
    void expiryIsAnHttpDate() {
        assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", TusRules.httpDate(0));
        assertEquals("Wed, 25 Nov 2026 10:00:00 GMT", TusRules.httpDate(1795600800000L));
        assertTrue(TusRules.expired(100, 100));
        assertFalse(TusRules.expired(101, 100));
    }

    @Test
    void writersAreBoundedByTheHeapUnlessConfigured() {
        long mib = 1024L * 1024;
        assertEquals(7, TusRules.maxWriters(7, 512 * mib));
        assertEquals(16, TusRules.maxWriters(0, 512 * mib), "an eighth of 512 MiB in 4 MiB read-aheads");
        assertEquals(2, TusRules.maxWriters(0, 32 * mib), "never fewer than two");
        assertEquals(1024, TusRules.maxWriters(0, 1L << 50), "nor absurdly many");
    }

    static void assertRefused(Class<? extends RuntimeException> refusal, Executable call) {
        assertRefused(refusal, call, "");
    }

    static void assertRefused(Class<? extends RuntimeException> refusal, Executable call, String why) {
        RuntimeException e = assertThrows(refusal, call, why);
        assertFalse(e.getMessage().isBlank(), "a reason for the client");
    }
}
