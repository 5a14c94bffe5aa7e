package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page at / in a real browser: Debian's headless Chromium, driven by playwright-core
 * (src/test/node-browser), uploads an ffmpeg-made clip to one Aether process in role 'all',
 * follows it to completed over the WebSocket and plays it with hls.js; a clip long enough to be
 * chunked plays while it is still processed. Screenshots are kept under target/browser/.
 */
class BrowserPageTest {
    private static final int DB = 9;
    /** The chunked test's own Aether, so the process on DB never takes its job with other settings. */
    private static final int CHUNKED_DB = 15;
    /**
     * 10 s chunks for any source over 20 s; and x264's medium preset instead of the tests' ultrafast,
     * so the chunks after the first take long enough (about 4 s each here) for the page to be seen
     * playing while the record is still active.
     */
    private static final Map<String, String> CHUNKED = Map.of("AETHER_CHUNK_SEGMENTS", "1",
            "AETHER_CHUNK_THRESHOLD_S", "20", "AETHER_X264_PRESET", "medium");
    private static final Path SCRIPTS = Path.of("src", "test", "node-browser");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SHOTS = Path.of("target", "browser");
    private static AppProcess app;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: scripts/test installs Debian's chromium");
        if (!Files.isDirectory(SCRIPTS.resolve("node_modules").resolve("playwright-core"))) {
            run(List.of("npm", "ci", "--prefix", SCRIPTS.toString(), "--no-audit", "--no-fund"), 5, null);
        }
        Services.freshRedis(DB).close();
        app = AppProcess.start("all", DB, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void uploadFollowAndPlayInChromium() throws Exception {
        JsonNode seen = drive("auto", "page.png");
        assertWatchedAndPlayed(seen);
        // previews.js: the poster shows on the player and in the list, the seek bar's hover shows a tile
        assertEquals("640x360", seen.path("poster").path("size").asText(), seen.toString());
        assertEquals("160x90", seen.path("listPoster").asText(), seen.toString());
        assertEquals("0:06", seen.path("listDuration").asText(), seen.toString());
        assertEquals("160x90", seen.path("preview").path("size").asText(), seen.toString());
        assertTrue(seen.path("preview").path("sheet").asText().matches("\\d+x90"), seen.toString());
        assertTrue(Files.size(SHOTS.resolve("page-preview.png")) > 20_000, "a screenshot of the preview");
    }

    @Test
    void theSingleRequestUploadWorksToo() throws Exception {
        JsonNode seen = drive("multipart", "page-multipart.png");
        assertEquals("Single-request upload: cancelling starts over.", seen.path("uploadVia").asText());
        assertWatchedAndPlayed(seen);
    }

    @Test
    void aTusUploadPausesAndGoesOnWhereItStopped() throws Exception {
        JsonNode seen = drive("pause", "page-paused.png");
        assertEquals("Resume", seen.path("pauseButton").asText());
        JsonNode paused = seen.path("paused");
        assertEquals(paused.get(0).asInt(), paused.get(1).asInt(), "no bytes move while paused");
        assertTrue(paused.get(0).asInt() < 100, seen.toString());
        JsonNode offsets = seen.path("patchOffsets");
        assertTrue(offsets.size() >= 2 && offsets.get(offsets.size() - 1).asLong() > 0,
                "resumed from the server's offset, not from the start: " + offsets);
        assertWatchedAndPlayed(seen);
    }

    @Test
    void aLongVideoPlaysFromTheStartWhileItIsProcessed() throws Exception {
        Services.freshRedis(CHUNKED_DB).close();
        try (AppProcess chunking = AppProcess.start("all", CHUNKED_DB, CHUNKED)) {
            // 40 s: 2 s, three of 10 s and 8 s, five chunks; the four after the first leave the page seconds to play
            Path clip = Clips.video(dir, "clip-long.mp4", 640, 360, 40, true);
            Path shot = SHOTS.resolve("page-chunked.png").toAbsolutePath();
            Files.deleteIfExists(shot);
            JsonNode seen = last(run(List.of("node", SCRIPTS.resolve("play-while-processing.js").toString(),
                    chunking.url(), clip.toString(), shot.toString()), 6, chunking.url()));
            assertEquals("[]", seen.path("failures").toString(), seen.toString());

            JsonNode growing = seen.path("growing");
            assertEquals("active", growing.path("apiStatus").asText(), "played before the record completed: " + seen);
            JsonNode times = growing.path("currentTime");
            assertTrue(times.get(0).asDouble() < 10 && times.get(1).asDouble() > times.get(0).asDouble(),
                    "playing from the start: " + times);
            assertTrue(growing.path("fragments").asInt() > 0, "hls.js loaded fragments: " + growing);
            assertTrue(growing.path("live").asBoolean(), "the playlist was still growing: " + growing);
            assertEquals("Playing while processing", growing.path("statusText").asText());
            assertTrue(growing.path("listed").asText().endsWith("playable / Watch"), growing.toString());
            assertTrue(seen.path("joined").path("currentTime").asDouble() < 5, "a late viewer starts at 0: " + seen);

            assertEquals("completed", seen.path("status").asText());
            assertEquals("100 %", seen.path("transcodePercent").asText());
            assertTrue(seen.path("completed").path("sameHls").asBoolean(), "no restart on completed: " + seen);
            JsonNode ended = seen.path("ended");
            assertTrue(!ended.path("live").asBoolean() && ended.path("sameHls").asBoolean(), ended.toString());
            assertEquals(40, ended.path("duration").asDouble(), 0.5, "the whole clip once it ended: " + ended);
            assertEquals("[]", seen.path("consoleErrors").toString(), "no errors in the page: " + seen);
            assertEquals("[]", seen.path("failedRequests").toString(), seen.toString());
            JsonNode video = new Api(chunking.url()).video(seen.path("videoId").asText());
            assertEquals("completed", video.path("status").asText());
            assertTrue(video.path("chunks").asInt() >= 5, "the video was cut into chunks: " + video);
            assertTrue(Files.size(shot) > 20_000, "a screenshot of the page at " + shot);
            assertTrue(Files.size(SHOTS.resolve("page-chunked-growing.png")) > 20_000, "and one while it grew");
        }
    }

    /** hls.js lists the video's captions, the menu offers them, and a cue shows at its time; the form adds one. */
    @Test
    void theCaptionsMenuShowsACueAtItsTime() throws Exception {
        Api api = new Api(app.url());
        Api.Reply uploaded = api.upload(Clips.video(dir, "clip-captions.mp4", 640, 360, 6, true), "video", "video/mp4");
        assertEquals(202, uploaded.status(), uploaded.text());
        String id = uploaded.json().path("id").asText();
        Api.Reply en = api.put("/api/v1/videos/" + id + "/captions/en", "application/x-subrip",
                "1\n00:00:02,000 --> 00:00:04,500\nHello\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, en.status(), en.text());
        assertEquals("completed", api.awaitFinished(id, java.time.Duration.ofMinutes(3)).path("status").asText());
        Path french = Files.writeString(dir.resolve("french.vtt"), "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nBonjour\n");
        Path shot = SHOTS.resolve("page-captions.png").toAbsolutePath();
        Files.deleteIfExists(shot);

        JsonNode seen = last(run(List.of("node", SCRIPTS.resolve("captions-menu.js").toString(), app.url(), id, "2.0",
                french.toString(), shot.toString()), 3, app.url()));
        assertEquals("[]", seen.path("failures").toString(), seen.toString());
        assertEquals("en", seen.path("tracks").get(0).path("lang").asText(), seen.toString());
        assertEquals("[\"Off\",\"English\"]", seen.path("menu").toString());
        assertEquals(2.0, seen.path("cue").path("currentTime").asDouble(), 0.5, "the cue shows at its time: " + seen);
        assertTrue(seen.path("formNote").asText().startsWith("Added French (fr)"), seen.toString());
        assertEquals("[]", seen.path("consoleErrors").toString(), "no errors in the page: " + seen);
        assertEquals("[]", seen.path("failedRequests").toString(), seen.toString());
        assertEquals(List.of("en", "fr"), api.get("/api/v1/videos/" + id + "/captions").json().path("items")
                .findValuesAsText("lang"));
        assertTrue(Files.size(shot) > 20_000, "a screenshot of the page at " + shot);
    }

    @Test
    void aFailedUploadShowsWhyAndItsDeleteButtonAsksFirst() throws Exception {
        Path bad = Files.writeString(dir.resolve("not-a-video.mp4"), "this is no video at all");
        JsonNode seen = last(run(List.of("node", SCRIPTS.resolve("manage-list.js").toString(), app.url(),
                bad.toString()), 4, app.url()));
        assertEquals("[]", seen.path("failures").toString(), seen.toString());
        assertTrue(seen.path("reason").asText().contains("not a readable video"), seen.toString());
        assertEquals(404, seen.path("afterDelete").asInt(), seen.toString());
        assertEquals(404, new Api(app.url()).get("/api/v1/videos/" + seen.path("videoId").asText()).status());
    }

    private JsonNode drive(String mode, String screenshot) throws Exception {
        Path clip = Clips.video(dir, "clip-" + mode + ".mp4", 1280, 720, 6, true);
        Path shot = SHOTS.resolve(screenshot).toAbsolutePath();
        Files.deleteIfExists(shot);
        String output = run(List.of("node", SCRIPTS.resolve("upload-and-watch.js").toString(), app.url(),
                clip.toString(), shot.toString(), mode), 5, app.url());
        JsonNode seen = last(output);
        assertTrue(Files.size(shot) > 20_000, "a screenshot of the page at " + shot);
        return seen;
    }

    /** The driver scripts print what they saw as their last line. */
    private static JsonNode last(String output) throws Exception {
        String[] lines = output.trim().split("\n");
        return Json.MAPPER.readTree(lines[lines.length - 1]);
    }

    private void assertWatchedAndPlayed(JsonNode seen) throws Exception {
        assertEquals("[]", seen.path("failures").toString(), seen.toString());
        assertEquals("100 %", seen.path("uploadPercent").asText());
        assertEquals("completed", seen.path("status").asText());
        assertEquals("100 %", seen.path("transcodePercent").asText());
        JsonNode times = seen.path("currentTime");
        assertTrue(times.get(1).asDouble() > times.get(0).asDouble(), "the video plays: " + times);
        List<String> levels = new ArrayList<>();
        seen.path("levels").forEach(level -> levels.add(level.asText()));
        assertTrue(levels.containsAll(List.of("1280x720", "854x480")), "hls.js offers both rungs: " + levels);
        assertTrue(seen.path("switchedTo").asText().startsWith("480p"), seen.toString());
        assertEquals("[]", seen.path("consoleErrors").toString(), "no errors in the page: " + seen);
        assertEquals("[]", seen.path("failedRequests").toString(), seen.toString());
        JsonNode video = new Api(app.url()).video(seen.path("videoId").asText());
        assertEquals("completed", video.path("status").asText(), "the server agrees with the page");
    }

    /**
     * Runs a command from the project folder with the tests owner's key for that replica in AETHER_KEY;
     * its output is returned, and a failure fails the test with it.
     */
    private static String run(List<String> command, int minutes, String url) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (url != null) {
            builder.environment().put("AETHER_KEY", Credentials.key(url));
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + minutes + " min:\n" + output);
        }
        assertEquals(0, process.exitValue(), command + " failed:\n" + output);
        return output;
    }
}
