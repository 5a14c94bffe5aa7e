package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source whose picture ends long before its sound (a screen recording whose capture stopped while
 * the microphone kept going): the video completes, its picture's last frame held to the end of the
 * sound, on the chunked path (several chunks past the picture) and on the single pass alike.
 */
class PictureEndsEarlyTest {
    private static final int DB = 11;
    private static final Duration TRANSCODE = Duration.ofMinutes(6);
    private static final double FRAME = 1.0 / 30;
    private static final int PICTURE_S = 11;
    private static final int SOUND_S = 34;
    private static final Pattern FREEZE = Pattern.compile("freeze_(start|end): ([0-9.]+)");

    @TempDir
    Path dir;

    private final List<AppProcess> apps = new ArrayList<>();

    @BeforeAll
    static void fresh() throws Exception {
        Services.freshRedis(DB).close();
    }

    @AfterEach
    void stop() throws Exception {
        for (AppProcess app : apps) {
            app.close();
        }
    }

    /** 10 s chunks after a 2 s first one: the picture ends in the second, the third and fourth lie past it. */
    @Test
    void chunkedVideoCompletesWithThePictureHeldToTheEndOfTheSound() throws Exception {
        // as deployed: the per-title trials read the same source, their samples within the picture
        AppProcess app = start(AppProcess.asDeployed(Map.of("AETHER_QUALITY_FFMPEG", Tools.vmafFfmpeg(),
                "AETHER_CHUNK_THRESHOLD_S", "20", "AETHER_CHUNK_SEGMENTS", "1")));
        JsonNode video = transcode(app);
        assertEquals(5, video.path("chunks").asInt(), "2 s, 10 s, 10 s, 10 s and 2 s: " + video);
        assertEquals("per-title", video.path("ladder").asText(), video.toString());
        assertHeldToTheEnd(new Api(app.url()), video, "audio.m3u8");
    }

    @Test
    void singlePassHoldsThePictureToo() throws Exception {
        AppProcess app = start(Map.of("AETHER_CHUNK_THRESHOLD_S", "60"));
        JsonNode video = transcode(app);
        assertEquals(0, video.path("chunks").asInt(), video.toString());
        // each variant carries its own sound
        assertHeldToTheEnd(new Api(app.url()), video, null);
    }

    private AppProcess start(Map<String, String> env) throws Exception {
        AppProcess app = AppProcess.start("all", DB, env);
        apps.add(app);
        return app;
    }

    private JsonNode transcode(AppProcess app) throws Exception {
        Path clip = dir.resolve("recording.mp4");
        Tools.run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=" + PICTURE_S,
                "-f", "lavfi", "-i", "sine=frequency=440:duration=" + SOUND_S,
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", clip.toString()));
        Api client = new Api(app.url());
        String id = client.upload(clip, "video", "video/mp4").json().path("id").asText();
        long started = System.nanoTime();
        JsonNode video = client.awaitFinished(id, TRANSCODE);
        System.out.printf("%s after %d ms: %s%n", id, (System.nanoTime() - started) / 1_000_000, video);
        assertEquals("completed", video.path("status").asText(), video.toString());
        // one meaning: how long the video plays, here the sound's length
        assertEquals(SOUND_S, video.path("duration").asDouble(), 0.1, video.toString());
        return video;
    }

    /** Every rung plays the whole sound's length: the moving picture, then its last frame, never black. */
    private void assertHeldToTheEnd(Api client, JsonNode video, String audioPlaylist) throws Exception {
        String url = video.path("playlistUrl").asText();
        String base = url.substring(0, url.lastIndexOf('/') + 1);
        String master = ChunkCheck.text(client, url);
        Matcher variant = Pattern.compile("#EXT-X-STREAM-INF:.*\\R(\\S+)").matcher(master);
        int rungs = 0;
        while (variant.find()) {
            rungs++;
            String rung = variant.group(1);
            ChunkCheck.Media media = ChunkCheck.media(client, base + rung);
            assertEquals(SOUND_S, media.seconds(), FRAME, rung + " EXTINF sum: " + media.text());
            Path joined = ChunkCheck.join(client, base, media.segments(), dir.resolve(rung + ".ts"));
            List<ChunkCheck.Frame> frames = ChunkCheck.frames(joined, "v:0");
            assertEquals(SOUND_S * 30, frames.size(), 1, rung + " frames");
            ChunkCheck.assertEvenlySpaced(frames, FRAME, rung);
            String filtered = Tools.run(List.of("ffmpeg", "-hide_banner", "-nostats", "-i", joined.toString(),
                    "-map", "0:v:0", "-vf", "freezedetect=n=0.003:d=1,blackdetect=d=0.5", "-f", "null", "-"));
            // x264 refines a still picture over its first frames and redraws it at each keyframe: the freeze
            // starts within a second of the picture's end and lasts, but for blips, to the end
            Matcher freeze = FREEZE.matcher(filtered);
            assertTrue(freeze.find() && freeze.group(1).equals("start"), rung + " never froze: " + filtered);
            double start = Double.parseDouble(freeze.group(2));
            // from the picture's last frame (a still encoded at once, as a high CRF does) to 1.2 s after it
            assertTrue(start > PICTURE_S - 1.5 * FRAME && start < PICTURE_S + 1.2,
                    rung + " froze at " + start + ", not where the picture ends: " + filtered);
            double frozen = 0;
            while (freeze.find()) {
                double at = Double.parseDouble(freeze.group(2));
                if (freeze.group(1).equals("end")) {
                    frozen += at - start;
                } else {
                    start = at;
                }
            }
            frozen += filtered.lastIndexOf("freeze_start") > filtered.lastIndexOf("freeze_end") ? SOUND_S - start : 0;
            assertTrue(frozen > SOUND_S - PICTURE_S - 3, rung + " moved after the picture's end: " + filtered);
            assertFalse(filtered.contains("black_start"), rung + " went black: " + filtered);
            if (audioPlaylist == null) {
                List<ChunkCheck.Frame> sound = ChunkCheck.frames(joined, "a:0");
                assertEquals(SOUND_S, sound.get(sound.size() - 1).pts() - frames.get(0).pts(), 0.1, rung + " sound");
            }
        }
        assertTrue(rungs > 0, master);
        if (audioPlaylist != null) {
            assertEquals(SOUND_S, ChunkCheck.media(client, base + audioPlaylist).seconds(), 0.1, "the whole sound");
        }
    }
}
