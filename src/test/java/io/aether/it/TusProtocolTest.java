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
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.tus.TusClient;
import io.aether.tus.TusClient.Reply;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import org.junit.jupiter.api.Test;

/**
 * The tus 1.0 protocol at /files/ on real Redis and MinIO: what it offers, uploads in any cut, termination,
 * one writer at a time, browsers. What it refuses, status code by status code: TusRefusalsTest.
 */
class TusProtocolTest extends TusTestBase {
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
}
