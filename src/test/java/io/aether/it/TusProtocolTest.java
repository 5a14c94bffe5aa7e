package io.aether.it;

import static io.aether.tus.TusClient.OCTETS;
import static io.aether.tus.TusClient.tus;
import static io.aether.tus.TusFixtures.id;
import static io.aether.tus.TusFixtures.jobsFor;
import static io.aether.tus.TusFixtures.metadata;
import static io.aether.tus.TusFixtures.storedParts;
import static io.aether.tus.TusFixtures.random;
import static io.aether.tus.TusFixtures.rawSha256;
import static io.aether.tus.TusFixtures.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.tus.TusClient;
import io.aether.tus.TusFixtures;
import io.aether.tus.TusClient.Reply;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tus 1.0 protocol at /files/, status code by status code, on real Redis and MinIO. */
class TusProtocolTest {
    private static final int DB = 5;
    private static final int MIB = 1024 * 1024;
    private static final long MAX = 64L * MIB;
    private static final MinioClient MINIO = Services.minio();
    private static AppProcess api;
    private static AppProcess shortLived;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> redis;
    private static TusClient tus;

    @BeforeAll
    static void start() throws Exception {
        connection = Services.freshRedis(DB);
        redis = connection.sync();
        // the tests cut their data around 5 MiB parts, the smallest S3 allows
        api = AppProcess.start("api", DB, Map.of("AETHER_MAX_UPLOAD_BYTES", Long.toString(MAX),
                "AETHER_TUS_LOCK_MS", "3000", "AETHER_TUS_PART_SIZE", "5242880"));
        tus = new TusClient(api.url());
        // a replica whose uploads expire soon, whose sweeper runs often, and that takes one body at a time; 5 s:
        // on a loaded machine a fresh replica's first PATCH arrived more than 1.5 s after its creation
        shortLived = AppProcess.start("api", DB, Map.of("AETHER_TUS_EXPIRY_MS", "5000", "AETHER_TUS_SWEEP_MS", "300",
                "AETHER_TUS_MAX_WRITERS", "1", "AETHER_TUS_PART_SIZE", "5242880"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AppProcess app : new AppProcess[] {api, shortLived}) {
            if (app != null) {
                app.close();
            }
        }
        if (connection != null) {
            TusFixtures.abortUnfinished(redis);
            connection.close();
        }
    }

    @Test
    void optionsDescribesTheServer() throws Exception {
        Reply reply = tus.send("OPTIONS", api.url() + "/files/", Map.of(), null);
        assertEquals(204, reply.status());
        assertEquals("1.0.0", reply.header("Tus-Version"));
        assertEquals("1.0.0", reply.header("Tus-Resumable"));
        assertEquals(Long.toString(MAX), reply.header("Tus-Max-Size"));
        assertEquals("sha1", reply.header("Tus-Checksum-Algorithm"));
        assertEquals(List.of("creation", "creation-with-upload", "termination", "checksum", "expiration"),
                List.of(reply.header("Tus-Extension").split(",")));
    }

    @Test
    void anUploadInUnevenChunksIsStoredExactlyAndHandedOffOnce() throws Exception {
        byte[] data = random(12 * MIB + 12345, 1);
        String url = tus.create(data.length, metadata("../../etc/clip.mp4", "video/mp4"));
        assertTrue(url.startsWith(api.url() + "/files/"), url);
        String id = id(url);
        String s3UploadId = redis.hget("aether:tus:" + id, "uploadId");

        Reply head = tus.head(url);
        assertEquals(200, head.status());
        assertEquals(0, head.offset());
        assertEquals(Integer.toString(data.length), head.header("Upload-Length"));
        assertEquals(metadata("../../etc/clip.mp4", "video/mp4"), head.header("Upload-Metadata"));
        assertEquals("no-store", head.header("Cache-Control"));
        assertTrue(ZonedDateTime.parse(head.header("Upload-Expires"), DateTimeFormatter.RFC_1123_DATE_TIME)
                .isAfter(ZonedDateTime.now()), head.toString());

        int[] cuts = {0, 3 * MIB + 1, 7 * MIB + 1, data.length};
        for (int i = 0; i + 1 < cuts.length; i++) {
            Reply patch = tus.patch(url, cuts[i], Arrays.copyOfRange(data, cuts[i], cuts[i + 1]));
            assertEquals(204, patch.status(), patch.toString());
            assertEquals(cuts[i + 1], patch.offset());
            assertEquals(cuts[i + 1] < data.length, patch.header("Upload-Expires") != null, "expiry only while open");
        }

        JsonNode video = new Api(api.url()).video(id);
        assertEquals("waiting", video.path("status").asText());
        assertEquals("clip.mp4", video.path("filename").asText(), "the name is a label, never a path");
        assertEquals(data.length, video.path("size").asLong());
        assertEquals(sha256(data), rawSha256(MINIO, id), "the object in raw is the file, byte for byte");
        StatObjectResponse stat = MINIO.statObject(StatObjectArgs.builder().bucket("raw").object(id + "/source").build());
        assertEquals("video/mp4", stat.contentType());
        assertEquals("clip.mp4", stat.userMetadata().get("filename"));
        assertEquals(java.util.Set.of(id + "/source"), PipelineTest.objects("raw", id + "/"));
        assertEquals(1, jobsFor(redis, id));
        assertEquals(Optional.empty(), storedParts(id + "/source", s3UploadId), "the multipart upload is completed");
        assertFalse(redis.exists("aether:tus:" + id + ":tail", "aether:tus:" + id + ":parts") > 0, "no leftovers");

        Reply retried = tus.patch(url, data.length, new byte[0]);
        assertEquals(204, retried.status(), "a retried final PATCH succeeds");
        assertEquals(data.length, retried.offset());
        assertEquals(1, jobsFor(redis, id), "and enqueues nothing more");
        assertEquals(data.length, tus.head(url).offset());
        assertNull(tus.head(url).header("Upload-Expires"), "a finished upload does not expire");
        assertEquals(409, tus.patch(url, 0, new byte[10]).status(), "nothing more is taken");
    }

    @Test
    void creationWithUploadTakesTheFirstBytesInTheSameRequest() throws Exception {
        byte[] data = random(6 * MIB, 2);
        Reply created = tus.send("POST", api.url() + "/files/", tus("Upload-Length", Integer.toString(data.length),
                "Content-Type", OCTETS), Arrays.copyOf(data, 2 * MIB));
        assertEquals(201, created.status(), created.toString());
        assertEquals(2 * MIB, created.offset());
        String url = created.header("Location");
        assertEquals(data.length, tus.upload(url, data, 3 * MIB));
        assertEquals(sha256(data), rawSha256(MINIO, id(url)));

        byte[] small = random(300_000, 3);
        Reply whole = tus.send("POST", api.url() + "/files/", tus("Upload-Length", Integer.toString(small.length),
                "Content-Type", OCTETS, "Upload-Metadata", metadata("small.mp4", "video/mp4")), small);
        assertEquals(201, whole.status());
        assertEquals(small.length, whole.offset());
        String id = id(whole.header("Location"));
        assertEquals(sha256(small), rawSha256(MINIO, id));
        assertEquals("small.mp4", new Api(api.url()).video(id).path("filename").asText());
        assertEquals(1, jobsFor(redis, id));
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
    void terminationRemovesTheUploadAndItsParts() throws Exception {
        String url = tus.create(20 * MIB, null);
        String id = id(url);
        String s3UploadId = redis.hget("aether:tus:" + id, "uploadId");
        assertEquals(204, tus.patch(url, 0, random(6 * MIB, 9)).status());
        assertEquals(Optional.of(1), storedParts(id + "/source", s3UploadId));
        Reply deleted = tus.send("DELETE", url, tus(), null);
        assertEquals(204, deleted.status());
        assertEquals("1.0.0", deleted.header("Tus-Resumable"));
        assertEquals(404, tus.head(url).status());
        assertEquals(404, tus.patch(url, 6 * MIB, new byte[5]).status());
        assertEquals(404, tus.send("DELETE", url, tus(), null).status());
        assertEquals(Optional.empty(), storedParts(id + "/source", s3UploadId), "the parts went with it");
        assertEquals(List.of(), redis.keys("aether:tus:" + id + "*"));
        assertTrue(PipelineTest.objects("raw", id + "/").isEmpty());
    }

    @Test
    void aPatchInProgressLocksOthersOutAndABrokenOneKeepsWhatArrived() throws Exception {
        byte[] data = random(12 * MIB, 10);
        String url = tus.create(data.length, null);
        try (Socket slow = TusClient.openPatch(url, 0, data.length, Arrays.copyOf(data, 2 * MIB))) {
            Thread.sleep(700);
            Reply second = tus.patch(url, 0, Arrays.copyOf(data, 100));
            assertEquals(423, second.status(), "one writer at a time: " + second);
            assertEquals(200, tus.head(url).status(), "reading the offset is never locked out");
        }
        long kept = tus.awaitOffset(url, offset -> offset > 0, Duration.ofSeconds(10));
        assertEquals(2 * MIB, kept, "the bytes that arrived before the connection broke are kept");
        // the broken PATCH commits what arrived, then gives the lock back: until then a client hears 423 and retries
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Reply resumed = tus.patch(url, kept, new byte[0]);
        while (resumed.status() == 423 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            resumed = tus.patch(url, kept, new byte[0]);
        }
        assertEquals(204, resumed.status(), "the lock is given back: " + resumed);
        assertEquals(data.length, tus.upload(url, data, 5 * MIB));
        assertEquals(sha256(data), rawSha256(MINIO, id(url)));
    }

    @Test
    void browsersMayUploadFromOtherOrigins() throws Exception {
        String url = tus.create(10, null);
        Reply preflight = tus.send("OPTIONS", url, Map.of("Origin", "http://app.example",
                "Access-Control-Request-Method", "PATCH",
                "Access-Control-Request-Headers", "tus-resumable,upload-offset,upload-checksum,content-type"), null);
        assertTrue(preflight.status() == 200 || preflight.status() == 204, preflight.toString());
        String allowed = preflight.header("Access-Control-Allow-Headers").toLowerCase();
        for (String header : List.of("tus-resumable", "upload-offset", "upload-length", "upload-metadata",
                "upload-checksum", "content-type")) {
            assertTrue(allowed.contains(header), header + " not allowed: " + allowed);
        }
        Reply head = tus.send("HEAD", url, tus("Origin", "http://app.example"), null);
        String exposed = head.header("Access-Control-Expose-Headers").toLowerCase();
        for (String header : List.of("upload-offset", "upload-length", "location", "tus-resumable", "upload-expires")) {
            assertTrue(exposed.contains(header), header + " not exposed: " + exposed);
        }
    }

    @Test
    void methodOverrideStandsInForPatchAndDelete() throws Exception {
        String url = tus.create(10, null);
        Reply patched = tus.send("POST", url, tus("X-HTTP-Method-Override", "PATCH", "Upload-Offset", "0",
                "Content-Type", OCTETS), new byte[4]);
        assertEquals(204, patched.status(), patched.toString());
        assertEquals(4, patched.offset());
        assertEquals(204, tus.send("POST", url, tus("X-HTTP-Method-Override", "DELETE"), null).status());
        assertEquals(404, tus.head(url).status());
        assertEquals(405, tus.send("POST", url, tus(), new byte[1]).status(), "a bare POST is no tus operation");
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
