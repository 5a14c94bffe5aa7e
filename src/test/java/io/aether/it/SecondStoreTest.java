package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.tus.TusClient;
import io.minio.StatObjectArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's storage paths on the second S3 server, versitygw (docs/storage.md), in one process in role
 * 'all': uploads by POST and by tus, transcodes in one pass and in chunks (ffmpeg reads the source
 * through presigned URLs), playback with ranges, deletes, uploads cut off midway and the sweep of
 * abandoned multipart uploads. The uploaded clip barely compresses, so that each upload takes more
 * than one part. A full disk: FullDiskTest.
 */
class SecondStoreTest {
    private static final TestStores STORE = TestStores.VERSITYGW;
    private static final int DB = 2;
    private static final int MIB = 1024 * 1024;
    private static final long MAX = 20L * MIB;
    private static final Duration TRANSCODE = Duration.ofMinutes(2);
    /** Longer than any upload here takes, shorter than the app's start: the upload opened before is abandoned. */
    private static final long ABANDONED_AFTER_MS = 8000;
    private static AppProcess app;
    private static Api api;
    private static String abandoned;
    private static Path clip;

    @TempDir
    Path dir;

    @BeforeAll
    static void start(@TempDir Path clips) throws Exception {
        Services.freshRedis(DB).close();
        abandoned = STORE.openUpload("raw", UUID.randomUUID() + "/source");
        Map<String, String> env = new HashMap<>(STORE.appEnv());
        env.put("AETHER_MAX_UPLOAD_BYTES", Long.toString(MAX));
        env.put("AETHER_TUS_PART_SIZE", Integer.toString(5 * MIB));
        env.put("AETHER_MULTIPART_SWEEP_MS", "500");
        env.put("AETHER_MULTIPART_MAX_AGE_MS", Long.toString(ABANDONED_AFTER_MS));
        env.put("AETHER_CHUNK_THRESHOLD_S", "15");
        env.put("AETHER_CHUNK_SEGMENTS", "1");
        app = AppProcess.start("all", DB, env);
        api = new Api(app.url());
        // about 9 MB: two parts of a POST (8 MiB) and of tus (5 MiB)
        clip = Clips.noisy(clips, "noisy.mp4", 2);
        assertTrue(Files.size(clip) > 8 * MIB, "the clip is " + Files.size(clip) + " bytes");
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aPostedVideoIsTranscodedPlayedInRangesAndDeleted() throws Exception {
        Api.Reply reply = api.upload(clip, "video", "video/mp4");
        assertEquals(202, reply.status(), reply.text());
        String id = reply.json().path("id").asText();
        JsonNode video = api.awaitFinished(id, TRANSCODE);
        assertEquals("completed", video.path("status").asText(), video.toString());
        assertEquals(Files.size(clip), video.path("size").asLong());
        assertEquals(Set.of(id + "/source"), STORE.objects("raw", id + "/"));
        assertEquals(Set.of(), PipelineTest.objects("raw", id + "/"), "nothing went to MinIO");
        assertEquals("video/mp4", STORE.minio().statObject(StatObjectArgs.builder().bucket("raw").object(id + "/source")
                .build()).contentType());

        String playlist = video.path("playlistUrl").asText();
        List<HlsCheck.Variant> variants = HlsCheck.check(api, playlist, true, dir);
        assertEquals(List.of("320x240"), variants.stream().map(HlsCheck.Variant::resolution).toList());
        assertEquals("application/vnd.apple.mpegurl", contentType(id + "/master.m3u8"));
        assertEquals("video/mp2t", contentType(id + "/240p_00000.ts"));

        String base = ChunkCheck.base(playlist);
        String segment = base + "240p_00000.ts";
        byte[] whole = api.raw(segment).body();
        HttpResponse<byte[]> part = api.raw(segment, "Range", "bytes=100-1099");
        assertEquals(206, part.statusCode());
        assertEquals("bytes 100-1099/" + whole.length, part.headers().firstValue("Content-Range").orElse(""));
        assertArrayEquals(Arrays.copyOfRange(whole, 100, 1100), part.body());
        HttpResponse<byte[]> tail = api.raw(segment, "Range", "bytes=-500");
        assertArrayEquals(Arrays.copyOfRange(whole, whole.length - 500, whole.length), tail.body());
        assertEquals(416, api.raw(segment, "Range", "bytes=" + whole.length + "-").statusCode());
        String missing = base + "240p_00999.ts";
        assertEquals(404, api.raw(missing).statusCode(), "a segment the store does not have");
        assertEquals(404, api.raw(missing, "Range", "bytes=0-99").statusCode(), "and in part");

        assertEquals(204, api.delete("/api/v1/videos/" + id).status());
        assertNothingLeft(id);
        assertEquals(404, api.raw(playlist).statusCode());
    }

    @Test
    void aLongSourceIsTranscodedInChunksThatSeekInTheSource() throws Exception {
        // each chunk's ffmpeg starts reading the source's presigned URL in the middle (Range)
        Path source = Clips.video(dir, "long.mp4", 320, 240, 21, false);
        Api.Reply reply = api.upload(source, "video", "video/mp4");
        assertEquals(202, reply.status(), reply.text());
        String id = reply.json().path("id").asText();
        JsonNode video = api.awaitFinished(id, TRANSCODE);
        assertEquals("completed", video.path("status").asText(), video.toString());
        assertEquals(3, video.path("chunks").asInt(), video.toString());
        List<HlsCheck.Variant> variants = HlsCheck.check(api, video.path("playlistUrl").asText(), false, dir);
        assertEquals(21.0, variants.get(0).durations().stream().mapToDouble(Double::doubleValue).sum(), 0.5);
        assertEquals(204, api.delete("/api/v1/videos/" + id).status());
        assertNothingLeft(id);
    }

    @Test
    void aTusUploadIsTranscodedAndAnUnfinishedOneIsTerminatedWithItsParts() throws Exception {
        TusClient tus = new TusClient(app.url());
        byte[] data = Files.readAllBytes(clip);
        String metadata = "filename " + java.util.Base64.getEncoder().encodeToString("noisy.mp4".getBytes(StandardCharsets.UTF_8));

        Set<String> uploadsBefore = STORE.openUploads("raw");
        String unfinished = tus.create(data.length, metadata);
        String gone = unfinished.substring(unfinished.lastIndexOf('/') + 1);
        assertEquals(204, tus.patch(unfinished, 0, Arrays.copyOf(data, 6 * MIB)).status(), "one part stored");
        Set<String> opened = new java.util.TreeSet<>(STORE.openUploads("raw"));
        opened.removeAll(uploadsBefore);
        assertEquals(1, opened.size(), "the tus upload is a multipart upload: " + opened);
        assertEquals(204, api.delete("/api/v1/videos/" + gone).status());
        assertEquals(404, tus.head(unfinished).status());
        assertFalse(STORE.openUploads("raw").contains(opened.iterator().next()), "its multipart upload is aborted");
        assertNothingLeft(gone);

        String url = tus.create(data.length, metadata);
        assertEquals(data.length, tus.upload(url, data, 3 * MIB));
        String id = url.substring(url.lastIndexOf('/') + 1);
        JsonNode video = api.awaitFinished(id, TRANSCODE);
        assertEquals("completed", video.path("status").asText(), video.toString());
        assertEquals(data.length, STORE.minio().statObject(StatObjectArgs.builder().bucket("raw").object(id + "/source")
                .build()).size());
        assertEquals(200, api.raw(video.path("playlistUrl").asText()).statusCode());
        assertEquals(204, api.delete("/api/v1/videos/" + id).status());
        assertNothingLeft(id);
    }

    @Test
    void uploadsCutOffMidwayLeaveNoObjectAndNoOpenUpload() throws Exception {
        Set<String> before = STORE.objects("raw", "");
        Set<String> uploadsBefore = STORE.openUploads("raw");
        String boundary = "cut";
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"video\"; filename=\"cut.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n";

        // chunked, so the size is only found out while parts already went to the store
        InputStream body = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(
                head.getBytes(StandardCharsets.US_ASCII)), new UploadLimitsTest.ZeroStream(MAX + 8L * MIB));
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.url() + "/api/v1/upload")).timeout(Api.REQUEST_TIMEOUT)
                .header("Authorization", Credentials.bearer(app.url()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build();
        try {
            HttpResponse<String> refused = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(413, refused.statusCode(), refused.body());
        } catch (java.io.IOException closedWhileSending) {
            // the server may close the connection before the client has sent everything
        }
        assertNothingLeft(before, uploadsBefore);

        URI uri = URI.create(app.url());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/upload HTTP/1.1\r\nHost: " + uri.getAuthority() + "\r\n"
                    + "Authorization: " + Credentials.bearer(app.url()) + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                    + "Content-Length: 19000000\r\n\r\n" + head).getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[17 * MIB]);
            out.flush();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!uploadsBefore.containsAll(STORE.openUploads("raw")) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertNothingLeft(before, uploadsBefore);
    }

    @Test
    void aMultipartUploadNobodyFinishesIsAborted() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (STORE.openUploads("raw").contains(abandoned) && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertFalse(STORE.openUploads("raw").contains(abandoned), "the abandoned upload is still open");
    }

    private static String contentType(String object) throws Exception {
        return STORE.minio().statObject(StatObjectArgs.builder().bucket("processed").object(object).build()).contentType();
    }

    private static void assertNothingLeft(String id) throws Exception {
        assertEquals(Set.of(), STORE.objects("raw", id + "/"), "raw objects of " + id);
        assertEquals(Set.of(), STORE.objects("processed", id + "/"), "processed objects of " + id);
    }

    private static void assertNothingLeft(Set<String> before, Set<String> uploadsBefore) throws Exception {
        assertEquals(before, STORE.objects("raw", ""), "a cut-off upload left an object behind");
        Set<String> opened = new java.util.TreeSet<>(STORE.openUploads("raw"));
        opened.removeAll(uploadsBefore);
        assertEquals(Set.of(), opened, "a cut-off upload left a multipart upload open");
    }
}
