package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import io.aether.webhooks.WebhookStore;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /api/v1/videos/{id}/downloads end to end: a worker copies the stored segments into an MP4 with
 * its index first (or an M4A), served as an attachment by the record's signed url, with a webhook;
 * refusals before completion, for unknown renditions and other owners; a delete meanwhile leaves nothing.
 */
class DownloadsTest {
    private static final int DB = 10;
    private static final Duration TRANSCODE = Duration.ofMinutes(3);
    private static final Duration MADE = Duration.ofSeconds(90);
    private static AppProcess app;
    private static Api api;
    private static WebhookReceiver receiver;
    private static StatefulRedisConnection<String, String> redis;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        redis = Services.freshRedis(DB);
        receiver = new WebhookReceiver();
        new WebhookStore(redis.sync()).set(Credentials.OWNER, receiver.url());
        app = AppProcess.start("all", DB, Map.of("AETHER_WEBHOOK_ALLOW_NETWORKS", "127.0.0.0/8"));
        api = new Api(app.url());
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        receiver.close();
        redis.close();
    }

    @Test
    void aChunkedVideoDownloadsAsMp4AndM4a() throws Exception {
        // 25 s: over the chunk threshold, so its audio is stored apart from the video
        String id = upload(Clips.video(dir, "My clip (final).mp4", 320, 240, 25, true));
        JsonNode video = api.awaitFinished(id, TRANSCODE);
        assertEquals("completed", video.path("status").asText(), video.toString());
        assertTrue(video.path("chunks").asInt() > 1, "a chunked video: " + video);

        Api.Reply unknown = request(id, "4k");
        assertEquals(400, unknown.status(), unknown.text());
        assertTrue(unknown.json().path("error").asText().contains("highest"), unknown.text());
        assertTrue(unknown.json().path("error").asText().contains("audio"), unknown.text());
        assertEquals(400, api.post("/api/v1/videos/" + id + "/downloads", "application/json",
                "{nope".getBytes(StandardCharsets.UTF_8)).status());
        Api other = new Api(app.url(), Credentials.create(app.url(), "someone-else"));
        assertEquals(404, other.post("/api/v1/videos/" + id + "/downloads", "application/json",
                "{\"rendition\": \"highest\"}".getBytes(StandardCharsets.UTF_8)).status());

        Api.Reply highest = request(id, "highest");
        assertEquals(202, highest.status(), highest.text());
        assertEquals("highest", highest.json().path("rendition").asText());
        Api.Reply again = request(id, "highest");
        assertEquals(202, again.status(), again.text());
        assertEquals(202, request(id, "audio").status());

        JsonNode mp4Entry = awaitReady(id, "highest");
        JsonNode m4aEntry = awaitReady(id, "audio");
        assertEquals(1, Files.readString(app.log()).split(id + ": making download highest", -1).length - 1,
                "a second request made no second job");

        Path mp4 = fetch(mp4Entry.path("url").asText(), "My_clip_final_-highest.mp4", dir.resolve("dl.mp4"));
        JsonNode probe = probe(mp4);
        assertEquals(Set.of("video", "audio"), codecTypes(probe), probe.toString());
        double seconds = probe.path("format").path("duration").asDouble();
        assertEquals(25.0, seconds, 0.2, "the whole length: " + probe);
        assertTrue(moovFirst(Files.readAllBytes(mp4)), "moov before mdat");

        Path m4a = fetch(m4aEntry.path("url").asText(), "My_clip_final_-audio.m4a", dir.resolve("dl.m4a"));
        JsonNode audio = probe(m4a);
        assertEquals(Set.of("audio"), codecTypes(audio), audio.toString());
        assertEquals(25.0, audio.path("format").path("duration").asDouble(), 0.2, audio.toString());

        List<WebhookReceiver.Receipt> hooks = receiver.await(r -> r.event() != null
                && "video.download.ready".equals(r.event().path("type").asText())
                && id.equals(r.event().path("data").path("id").asText()), 2, 30_000);
        Set<String> renditions = Set.of(hooks.get(0).event().path("rendition").asText(),
                hooks.get(1).event().path("rendition").asText());
        assertEquals(Set.of("highest", "audio"), renditions, hooks.toString());
        assertTrue(hooks.get(0).headers().get("webhook-signature").startsWith("v1,"), hooks.toString());

        assertEquals(403, api.raw(mp4Entry.path("url").asText().replaceFirst("/downloads/[^/]+/", "/downloads/x/"))
                .statusCode(), "a bad token");
        assertEquals(204, api.delete("/api/v1/videos/" + id).status());
        assertEquals(Set.of(), PipelineTest.objects("processed", id + "/"), "the downloads went with the video");
    }

    @Test
    void refusedBeforeCompletionThenASinglePassAudioDownload() throws Exception {
        String id = upload(Clips.video(dir, "short.mp4", 320, 240, 4, true));
        Api.Reply early = request(id, "highest");
        assertEquals(409, early.status(), early.text());
        assertTrue(early.json().path("error").asText().contains("completed"), early.text());
        assertEquals("completed", api.awaitFinished(id, TRANSCODE).path("status").asText());
        assertEquals(202, request(id, "audio").status());
        Path m4a = fetch(awaitReady(id, "audio").path("url").asText(), "short-audio.m4a", dir.resolve("a.m4a"));
        assertEquals(Set.of("audio"), codecTypes(probe(m4a)));

        String silent = upload(Clips.video(dir, "silent.mp4", 320, 240, 3, false));
        api.awaitFinished(silent, TRANSCODE);
        Api.Reply noAudio = request(silent, "audio");
        assertEquals(400, noAudio.status(), noAudio.text());
        assertTrue(noAudio.json().path("error").asText().contains("no audio"), noAudio.text());
    }

    @Test
    void aDeleteWhileADownloadIsMadeLeavesNothing() throws Exception {
        String id = upload(Clips.video(dir, "gone.mp4", 640, 360, 25, true));
        api.awaitFinished(id, TRANSCODE);
        assertEquals(202, request(id, "highest").status());
        // as soon as a worker has it (or, at the latest, once it is stored)
        long deadline = System.nanoTime() + MADE.toNanos();
        String status = "";
        while (System.nanoTime() < deadline && !status.equals("active") && !status.equals("ready")) {
            status = download(api.video(id), "highest").path("status").asText();
            Thread.sleep(20);
        }
        assertEquals(204, api.delete("/api/v1/videos/" + id).status());
        Thread.sleep(5000); // the job ends or removes what it stored
        assertEquals(Set.of(), PipelineTest.objects("processed", id + "/"), "after the download was " + status);
        assertEquals(404, api.get("/api/v1/videos/" + id).status());
    }

    private static String upload(Path clip) throws Exception {
        Api.Reply reply = api.upload(clip, "video", "video/mp4");
        assertEquals(202, reply.status(), reply.text());
        return reply.json().path("id").asText();
    }

    private static Api.Reply request(String id, String rendition) throws Exception {
        return api.post("/api/v1/videos/" + id + "/downloads", "application/json",
                Json.write(Map.of("rendition", rendition)).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode download(JsonNode video, String rendition) {
        for (JsonNode d : video.path("downloads")) {
            if (rendition.equals(d.path("rendition").asText())) {
                return d;
            }
        }
        return Json.MAPPER.createObjectNode();
    }

    private static JsonNode awaitReady(String id, String rendition) throws Exception {
        long deadline = System.nanoTime() + MADE.toNanos();
        JsonNode entry = null;
        while (System.nanoTime() < deadline) {
            entry = download(api.video(id), rendition);
            if ("ready".equals(entry.path("status").asText())) {
                return entry;
            }
            assertFalse("failed".equals(entry.path("status").asText()), entry.toString());
            Thread.sleep(200);
        }
        throw new AssertionError("download " + rendition + " not ready: " + entry);
    }

    private static Path fetch(String url, String name, Path to) throws Exception {
        HttpResponse<byte[]> got = api.raw(url);
        assertEquals(200, got.statusCode(), new String(got.body(), StandardCharsets.UTF_8));
        String disposition = got.headers().firstValue("Content-Disposition").orElse("");
        assertTrue(disposition.startsWith("attachment;") && disposition.contains("filename=\"" + name + "\""),
                disposition);
        return Files.write(to, got.body());
    }

    private static JsonNode probe(Path file) throws Exception {
        return Json.MAPPER.readTree(Tools.run(List.of("ffprobe", "-v", "error", "-print_format", "json",
                "-show_format", "-show_streams", file.toString())));
    }

    private static Set<String> codecTypes(JsonNode probe) {
        List<String> types = new ArrayList<>();
        probe.path("streams").forEach(s -> types.add(s.path("codec_type").asText()));
        return Set.copyOf(types);
    }

    /** Walks the top-level boxes: the index must come before the media for playback while downloading. */
    private static boolean moovFirst(byte[] file) {
        ByteBuffer in = ByteBuffer.wrap(file);
        int at = 0;
        while (at + 8 <= file.length) {
            long size = Integer.toUnsignedLong(in.getInt(at));
            String type = new String(file, at + 4, 4, StandardCharsets.US_ASCII);
            if (type.equals("moov")) {
                return true;
            }
            if (type.equals("mdat")) {
                return false;
            }
            if (size == 1) {
                size = in.getLong(at + 8);
            }
            if (size < 8) {
                return false;
            }
            at += (int) size;
        }
        return false;
    }
}
