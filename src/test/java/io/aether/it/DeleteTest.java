package io.aether.it;

import static io.aether.it.Leftovers.assertNoTempFiles;
import static io.aether.it.Leftovers.assertNothingLeft;
import static io.aether.it.Leftovers.awaitGone;
import static io.aether.it.Leftovers.awaitSkipped;
import static io.aether.it.Leftovers.jobs;
import static io.aether.it.Leftovers.keys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.tus.TusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DELETE /api/v1/videos/{id}: nothing under the id is left in MinIO or Redis, whether the video is
 * done, being transcoded in one pass or in chunks, or still waiting for a worker.
 */
class DeleteTest {
    private static final int DB = 14;
    private static final Duration TRANSCODE = Duration.ofMinutes(3);
    private static AppProcess app;
    private static Api api;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        Services.freshRedis(DB).close();
        // a slow preset keeps ffmpeg busy long enough to delete a video in the middle of its transcode
        app = AppProcess.start("all", DB, Map.of("AETHER_X264_PRESET", "slow"));
        api = new Api(app.url());
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aCompletedVideoLeavesNothingBehind() throws Exception {
        String id = upload(api, Clips.video(dir, "done.mp4", 320, 240, 3, true));
        JsonNode video = api.awaitFinished(id, TRANSCODE);
        assertEquals("completed", video.path("status").asText(), video.toString());
        assertFalse(PipelineTest.objects("processed", id + "/").isEmpty());

        Api other = new Api(app.url(), Credentials.create(app.url(), "someone-else"));
        Api.Reply notTheirs = other.delete("/api/v1/videos/" + id);
        assertEquals(404, notTheirs.status(), "another owner's delete: " + notTheirs.text());
        assertEquals(404, other.patch("/api/v1/videos/" + id, "{\"public\": true}").status(), "nor may they change it");
        assertEquals("completed", api.video(id).path("status").asText(), "the video is still there");
        assertFalse(PipelineTest.objects("processed", id + "/").isEmpty(), "and so are its objects");

        Api.Reply deleted = api.delete("/api/v1/videos/" + id);
        assertEquals(204, deleted.status(), deleted.text());
        assertNothingLeft(DB, id);
        assertEquals(404, api.get("/api/v1/videos/" + id).status());
        assertEquals(404, api.raw(video.path("playlistUrl").asText()).statusCode(), "its playlist is gone");
        Api.Reply again = api.delete("/api/v1/videos/" + id);
        assertEquals(404, again.status(), again.text());
        assertEquals(404, again.json().path("status").asInt(), again.text());
        assertEquals(404, api.delete("/api/v1/videos/not-an-id").status());
        assertEquals(0, api.get("/api/v1/videos").json().path("total").asInt());
    }

    @Test
    void aDeleteDuringTheTranscodeEndsFfmpegAndLeavesNothing() throws Exception {
        String id = upload(api, Clips.video(dir, "busy.mp4", 1280, 720, 20, true));
        ProcessHandle ffmpeg = awaitFfmpeg(app, id);
        assertEquals("active", api.video(id).path("status").asText());

        try (LiveClient live = LiveClient.watch(app.url(), id)) {
            assertEquals("snapshot", live.next(Duration.ofSeconds(10)).path("type").asText());
            assertEquals(204, api.delete("/api/v1/videos/" + id).status());
            // whoever watches the video hears that it went, last, and the socket closes
            java.util.List<com.fasterxml.jackson.databind.JsonNode> heard = live.untilClosed(Duration.ofSeconds(10));
            assertFalse(heard.isEmpty(), "nothing heard before the close");
            assertEquals("deleted", heard.get(heard.size() - 1).path("status").asText(), heard.toString());
            assertEquals(1000, live.closed(Duration.ofSeconds(1)).code());
        }
        awaitGone(ffmpeg);
        awaitSkipped(app, id);
        assertNothingLeft(DB, id);
        assertNoTempFiles(app);
        Thread.sleep(3000);
        assertNothingLeft(DB, id); // and nothing comes back
    }

    @Test
    void aDeleteDuringAChunkedTranscodeEndsFfmpegAndLeavesNothing(@TempDir Path work) throws Exception {
        int db = 13;
        Services.freshRedis(db).close();
        try (AppProcess chunked = AppProcess.start("all", db, Map.of("AETHER_X264_PRESET", "slow",
                "AETHER_CHUNK_THRESHOLD_S", "5", "AETHER_CHUNK_SEGMENTS", "1"))) {
            Api client = new Api(chunked.url());
            String id = upload(client, Clips.video(dir, "long.mp4", 640, 360, 40, true));
            long deadline = System.nanoTime() + TRANSCODE.toNanos();
            JsonNode video = client.video(id);
            while (!video.path("playable").asBoolean()) {
                assertTrue(System.nanoTime() < deadline, "not playable in time: " + video);
                // still waiting for the worker to take it, or transcoding: anything else is too late to race
                assertTrue(Set.of("waiting", "active").contains(video.path("status").asText()),
                        "deleted too late to race: " + video);
                Thread.sleep(200);
                video = client.video(id);
            }
            assertTrue(video.path("chunks").asInt() >= 3, video.toString());
            assertFalse(PipelineTest.objects("processed", id + "/").isEmpty(), "the first chunk is published");
            ProcessHandle ffmpeg = awaitFfmpeg(chunked, id);

            assertEquals(204, client.delete("/api/v1/videos/" + id).status());
            awaitGone(ffmpeg);
            awaitSkipped(chunked, id);
            assertNothingLeft(db, id);
            assertNoTempFiles(chunked);
            Thread.sleep(3000);
            assertNothingLeft(db, id);
        }
    }

    @Test
    void aWaitingJobOfADeletedVideoIsDroppedWhenAWorkerStartsWhichMayRemoveSourcesOnceDone() throws Exception {
        int db = 12;
        Services.freshRedis(db).close();
        try (AppProcess apiOnly = AppProcess.start("api", db, Map.of())) {
            Api client = new Api(apiOnly.url());
            String id = upload(client, Clips.video(dir, "queued.mp4", 320, 240, 2, false));
            assertEquals("waiting", client.video(id).path("status").asText());
            assertEquals(1, jobs(db, id).size(), "its job waits in the queue");

            assertEquals(204, client.delete("/api/v1/videos/" + id).status());
            assertNothingLeft(db, id);
            String kept = upload(client, Clips.video(dir, "kept.mp4", 320, 240, 2, false));
            // this worker also removes a source once its transcode has completed (retention setting)
            try (AppProcess worker = AppProcess.start("worker", db, Map.of("AETHER_DELETE_RAW_AFTER_TRANSCODE", "true"))) {
                assertEquals("completed", client.awaitFinished(kept, TRANSCODE).path("status").asText(),
                        "the worker runs the jobs that are left");
                // removed right after the completion is recorded
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!PipelineTest.objects("raw", kept + "/").isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertEquals(Set.of(), PipelineTest.objects("raw", kept + "/"), "the completed video's source is gone");
                assertFalse(PipelineTest.objects("processed", kept + "/").isEmpty(), "its ladder stays");
                assertFalse(Files.readString(worker.log()).contains(id), "the deleted video's job never ran");
                assertNothingLeft(db, id);
            }
        }
    }

    @Test
    void anUnfinishedTusUploadIsTerminatedAndAFinishedPublicOneIsRecordedPublic() throws Exception {
        TusClient tus = new TusClient(app.url());
        byte[] data = Files.readAllBytes(Clips.video(dir, "tus.mp4", 320, 240, 2, false));
        String publicMeta = "filename " + b64("tus.mp4") + ",public " + b64("true");
        String half = tus.create(data.length, publicMeta);
        String id = half.substring(half.lastIndexOf('/') + 1);
        assertEquals(204, tus.patch(half, 0, Arrays.copyOf(data, data.length / 2)).status());
        assertFalse(keys(DB, id).isEmpty(), "the upload's state is in Redis");

        Api other = new Api(app.url(), Credentials.create(app.url(), "someone-else"));
        assertEquals(404, other.delete("/api/v1/videos/" + id).status(), "another owner's upload is not theirs to end");
        assertEquals(200, tus.head(half).status(), "the upload goes on");
        assertEquals(204, api.delete("/api/v1/videos/" + id).status());
        assertEquals(404, tus.head(half).status(), "the upload is gone");
        assertNothingLeft(DB, id);

        String whole = tus.create(data.length, publicMeta);
        tus.upload(whole, data, data.length);
        String done = whole.substring(whole.lastIndexOf('/') + 1);
        JsonNode video = api.awaitFinished(done, TRANSCODE);
        assertTrue(video.path("public").asBoolean(), "Upload-Metadata public true: " + video);
        assertEquals(app.url() + "/hls/" + done + "/master.m3u8", video.path("playlistUrl").asText());
        assertEquals(204, api.delete("/api/v1/videos/" + done).status());
        assertNothingLeft(DB, done);
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String upload(Api client, Path clip) throws Exception {
        Api.Reply reply = client.upload(clip, "video", "video/mp4");
        assertEquals(202, reply.status(), reply.text());
        return reply.json().path("id").asText();
    }

    /** The ffmpeg of the video's job (not ffprobe), once it runs. */
    private static ProcessHandle awaitFfmpeg(AppProcess worker, String id) throws Exception {
        long deadline = System.nanoTime() + TRANSCODE.toNanos();
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> found = Ffmpegs.running(worker);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no ffmpeg ran for " + id + "; the video: " + api.video(id)
                + "\nthe worker's log, last lines:\n" + worker.logTail(80));
    }

}
