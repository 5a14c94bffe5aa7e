package io.aether.it;

import static io.aether.tus.TusClient.OCTETS;
import static io.aether.tus.TusClient.tus;
import static io.aether.tus.TusFixtures.id;
import static io.aether.tus.TusFixtures.storedParts;
import static io.aether.tus.TusFixtures.random;
import static io.aether.tus.TusFixtures.rawSha256;
import static io.aether.tus.TusFixtures.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.aether.tus.TusClient;
import io.aether.tus.TusClient.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tus 1.0 protocol at /files/ refusing, status code by status code, on real Redis and MinIO. */
class TusRefusalsTest extends TusTestBase {
    private static AppProcess shortLived;

    @BeforeAll
    static void startShortLived() throws Exception {
        // a replica whose uploads expire soon, whose sweeper runs often, and that takes one body at a time; 5 s:
        // on a loaded machine a fresh replica's first PATCH arrived more than 1.5 s after its creation
        shortLived = replica(Map.of("AETHER_TUS_EXPIRY_MS", "5000", "AETHER_TUS_SWEEP_MS", "300",
                "AETHER_TUS_MAX_WRITERS", "1"));
    }

    @Test
    void everyRequestButOptionsMustSpeakTusOneZeroZero() throws Exception {
        String url = tus.create(100, null);
        Map<String, Reply> replies = Map.of(
                "POST", tus.send("POST", api.url() + "/files/", tus("Tus-Resumable", null, "Upload-Length", "5"), null),
                "HEAD", tus.send("HEAD", url, tus("Tus-Resumable", "0.2.2"), null),
                "PATCH", tus.send("PATCH", url, tus("Tus-Resumable", "2.0.0", "Upload-Offset", "0",
                        "Content-Type", OCTETS), new byte[5]),
                "DELETE", tus.send("DELETE", url, tus("Tus-Resumable", null), null));
        replies.forEach((method, reply) -> {
            assertEquals(412, reply.status(), method + " " + reply);
            assertEquals("1.0.0", reply.header("Tus-Version"), method);
        });
        assertTrue(replies.get("PATCH").json().path("error").asText().contains("1.0.0"));
        assertEquals(0, tus.head(url).offset(), "nothing was written");
    }

    @Test
    void malformedHeadersAre400() throws Exception {
        String files = api.url() + "/files/";
        assertEquals(400, tus.send("POST", files, tus("Upload-Length", "ten"), null).status());
        assertEquals(400, tus.send("POST", files, tus(), null).status(), "no Upload-Length");
        assertEquals(400, tus.send("POST", files, tus("Upload-Defer-Length", "1"), null).status(), "not offered");
        assertEquals(400, tus.send("POST", files, tus("Upload-Length", "5", "Upload-Metadata", "filename !!"), null)
                .status());
        String url = tus.create(100, null);
        assertEquals(400, tus.send("PATCH", url, tus("Upload-Offset", "-1", "Content-Type", OCTETS), new byte[1])
                .status());
        assertEquals(400, tus.send("PATCH", url, tus("Content-Type", OCTETS), new byte[1]).status(), "no offset");
        Reply md5 = tus.patch(url, 0, new byte[1], "Upload-Checksum", "md5 " + Base64.getEncoder().encodeToString(
                new byte[16]));
        assertEquals(400, md5.status());
        assertTrue(md5.json().path("error").asText().contains("md5"), md5.body());
        assertEquals(0, tus.head(url).offset());
    }

    @Test
    void unknownUploadsAre404() throws Exception {
        String unknown = api.url() + "/files/" + UUID.randomUUID();
        assertEquals(404, tus.head(unknown).status());
        assertEquals(404, tus.patch(unknown, 0, new byte[3]).status());
        assertEquals(404, tus.send("DELETE", unknown, tus(), null).status());
        assertEquals(404, tus.head(api.url() + "/files/not-an-id").status());
        Reply traversal = tus.patch(api.url() + "/files/..%2F..%2Fraw", 0, new byte[3]);
        assertEquals(404, traversal.status(), traversal.toString());
    }

    @Test
    void aWrongOffsetIs409AndChangesNothing() throws Exception {
        byte[] data = random(1000, 4);
        String url = tus.create(data.length, null);
        assertEquals(204, tus.patch(url, 0, Arrays.copyOf(data, 400)).status());
        Reply behind = tus.patch(url, 0, Arrays.copyOf(data, 400));
        assertEquals(409, behind.status());
        assertTrue(behind.json().path("error").asText().contains("400"), behind.body());
        assertEquals(409, tus.patch(url, 500, Arrays.copyOfRange(data, 500, 600)).status());
        assertEquals(400, tus.head(url).offset());
        assertEquals(data.length, tus.upload(url, data, 300));
        assertEquals(sha256(data), rawSha256(MINIO, id(url)));
    }

    @Test
    void tooLargeIs413() throws Exception {
        Reply huge = tus.send("POST", api.url() + "/files/", tus("Upload-Length", Long.toString(MAX + 1)), null);
        assertEquals(413, huge.status());
        assertTrue(huge.json().path("error").asText().contains(Long.toString(MAX)), huge.body());
        Reply tooMuch = tus.send("POST", api.url() + "/files/", tus("Upload-Length", "10", "Content-Type", OCTETS),
                new byte[11]);
        assertEquals(413, tooMuch.status(), "creation-with-upload past the length");

        byte[] data = random(2000, 5);
        String url = tus.create(data.length, null);
        assertEquals(204, tus.patch(url, 0, Arrays.copyOf(data, 1500)).status());
        assertEquals(413, tus.patch(url, 1500, new byte[501]).status());
        assertEquals(1500, tus.head(url).offset(), "the refused body left nothing");
        assertEquals(204, tus.patch(url, 1500, Arrays.copyOfRange(data, 1500, 2000)).status());
        assertEquals(sha256(data), rawSha256(MINIO, id(url)));
    }

    @Test
    void aBodyThatIsNotOffsetOctetStreamIs415() throws Exception {
        String url = tus.create(100, null);
        Reply wrong = tus.send("PATCH", url, tus("Upload-Offset", "0", "Content-Type", "application/octet-stream"),
                new byte[10]);
        assertEquals(415, wrong.status());
        assertEquals(415, tus.send("PATCH", url, tus("Upload-Offset", "0"), new byte[10]).status(), "no type");
        assertEquals(415, tus.send("POST", api.url() + "/files/", tus("Upload-Length", "100",
                "Content-Type", "video/mp4"), new byte[10]).status(), "creation-with-upload");
        assertEquals(0, tus.head(url).offset());
    }

    @Test
    void aChecksumMismatchIs460AndKeepsNothing() throws Exception {
        byte[] data = random(9 * MIB, 6);
        String url = tus.create(data.length, null);
        byte[] first = Arrays.copyOf(data, 4 * MIB);
        assertEquals(204, tus.patch(url, 0, first, "Upload-Checksum", sha1(first)).status());
        // this body would complete the first 5 MiB part: the part is stored, but never listed
        byte[] second = Arrays.copyOfRange(data, 4 * MIB, 7 * MIB);
        Reply mismatch = tus.patch(url, 4 * MIB, second, "Upload-Checksum", sha1(random(10, 7)));
        assertEquals(460, mismatch.status(), mismatch.toString());
        assertTrue(mismatch.json().path("error").asText().toLowerCase().contains("checksum"), mismatch.body());
        assertEquals(4 * MIB, tus.head(url).offset(), "nothing of a mismatching body is kept");
        assertEquals(204, tus.patch(url, 4 * MIB, second, "Upload-Checksum", sha1(second)).status());
        byte[] rest = Arrays.copyOfRange(data, 7 * MIB, data.length);
        assertEquals(204, tus.patch(url, 7 * MIB, rest, "Upload-Checksum", sha1(rest)).status());
        assertEquals(sha256(data), rawSha256(MINIO, id(url)), "the stored parts are the verified ones");
    }

    @Test
    void anAbandonedUploadExpiresWith410AndItsPartsAreAborted() throws Exception {
        TusClient client = new TusClient(shortLived.url());
        String url = client.create(20 * MIB, null);
        String id = id(url);
        String s3UploadId = redis.hget("aether:tus:" + id, "uploadId");
        Reply patched = client.patch(url, 0, random(6 * MIB, 8));
        assertEquals(204, patched.status());
        assertTrue(patched.header("Upload-Expires") != null);
        assertEquals(Optional.of(1), storedParts(id + "/source", s3UploadId), "one part stored so far");
        assertEquals(MIB, redis.strlen("aether:tus:" + id + ":tail"), "and the rest waits in Redis");

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (storedParts(id + "/source", s3UploadId).isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(Optional.empty(), storedParts(id + "/source", s3UploadId), "the sweeper aborted the upload");
        Reply gone = client.head(url);
        assertEquals(410, gone.status());
        assertEquals(410, client.patch(url, 6 * MIB, new byte[10]).status());
        assertEquals(410, tus.head(api.url() + "/files/" + id).status(), "every replica says so");
        assertEquals(410, client.send("DELETE", url, tus(), null).status());
        assertEquals(0, redis.exists("aether:tus:" + id + ":tail", "aether:tus:" + id + ":parts"));
        assertNull(redis.zscore("aether:tus:expiring", id), "no longer swept");
    }

    @Test
    void aReplicaTakingAllTheBodiesItCanAsksTheNextToRetry() throws Exception {
        TusClient client = new TusClient(shortLived.url());
        String busy = client.create(10 * MIB, null);
        String other = client.create(10, null);
        try (Socket slow = TusClient.openPatch(busy, 0, 10 * MIB, new byte[1000])) {
            Thread.sleep(500);
            Reply refused = client.patch(other, 0, new byte[10]);
            assertEquals(503, refused.status(), refused.toString());
            assertEquals("1", refused.header("Retry-After"));
            assertEquals(0, client.head(other).offset(), "nothing was taken");
        }
        client.awaitOffset(busy, offset -> offset == 1000, Duration.ofSeconds(10));
        assertEquals(204, client.patch(other, 0, new byte[10]).status(), "and takes it once the other is done");
    }

    private static String sha1(byte[] data) throws Exception {
        return "sha1 " + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(data));
    }
}
