package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.media.FfmpegCommand;
import io.aether.media.LadderPlanner;
import io.aether.media.ProbeResult;
import io.aether.media.Rendition;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A long source cut into chunks that any worker encodes, published as it grows. */
class ChunkedTranscodeTest {
    private static final int DB = 13;
    private static final Duration TRANSCODE = Duration.ofMinutes(5);
    private static final double FRAME = 1.0 / 30;
    /** 10 s chunks, and any source over 20 s is chunked: short clips show every join. */
    private static final Map<String, String> CHUNKS = Map.of("AETHER_CHUNK_SEGMENTS", "1",
            "AETHER_CHUNK_THRESHOLD_S", "20");
    private static final double SOURCE_S = 25.0;
    private static final Pattern STREAM_INF = Pattern.compile("#EXT-X-STREAM-INF:(.*)\\R(\\S+)");

    @TempDir
    Path dir;

    // one API for the class: each test has its own video and its own workers
    private static StatefulRedisConnection<String, String> redis;
    private static AppProcess api;
    private final List<AppProcess> workers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        redis = Services.freshRedis(DB);
        api = AppProcess.start("api", DB, Map.of());
    }

    @AfterEach
    void stopWorkers() throws Exception {
        for (AppProcess worker : workers) {
            worker.close();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        AppProcess.closeAll(api);
        redis.close();
    }

    @Test
    void chunksJoinIntoTheLadderASinglePassWouldMake() throws Exception {
        AppProcess worker = worker(Map.of());
        Api client = new Api(api.url());
        // 25 s: a 2 s first chunk, three joins and a short last chunk
        Path source = Clips.video(dir, "source.mp4", 1280, 720, (int) SOURCE_S, true);
        String id = client.upload(source, "video", "video/mp4").json().path("id").asText();
        JsonNode video = client.awaitFinished(id, TRANSCODE);
        assertEquals("completed", video.path("status").asText(), video.toString());
        assertTrue(video.path("playable").asBoolean());
        assertEquals(4, video.path("chunks").asInt(), "2 s, 10 s, 10 s and 3 s chunks: " + video);
        // measurement off: each chunk is recorded done with its segments, one record and one stitch
        String log = Files.readString(worker.log());
        assertEquals(4, Pattern.compile("Video " + Pattern.quote(id) + " chunk \\d \\([^)]*\\) stored by").matcher(log)
                .results().count(), log);
        assertFalse(log.contains("Video " + id + " chunk 0 measured by"), log);

        String base = ChunkCheck.base(video.path("playlistUrl").asText());
        String master = ChunkCheck.text(client, base + "master.m3u8");
        assertTrue(master.contains("#EXT-X-INDEPENDENT-SEGMENTS"), master);
        assertTrue(master.matches("(?s).*#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"[^\"]+\",LANGUAGE=\"[a-z]+\","
                + "DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"2\",URI=\"audio.m3u8\".*"), master);
        Map<String, Integer> reference = singlePassFrames(source);
        Map<String, Set<Double>> keyframes = new HashMap<>();
        Matcher variant = STREAM_INF.matcher(master);
        List<Double> videoStarts = new ArrayList<>();
        while (variant.find()) {
            String attributes = variant.group(1);
            for (String attribute : List.of("BANDWIDTH=", "AVERAGE-BANDWIDTH=", "CODECS=\"avc1.", "mp4a.40.2",
                    "RESOLUTION=", "FRAME-RATE=30.000", "AUDIO=\"audio\"")) {
                assertTrue(attributes.contains(attribute), attribute + " missing: " + attributes);
            }
            String rung = variant.group(2).replace(".m3u8", "");
            ChunkCheck.Media media = ChunkCheck.media(client, base + variant.group(2));
            assertTrue(media.text().contains("#EXT-X-PLAYLIST-TYPE:VOD") && media.text().contains("#EXT-X-ENDLIST"));
            assertEquals(SOURCE_S, media.seconds(), FRAME, rung + " EXTINF sum");
            List<ChunkCheck.Frame> frames = ChunkCheck.frames(
                    ChunkCheck.join(client, base, media.segments(), dir.resolve(rung + ".ts")), "v:0");
            assertEquals(reference.get(rung), frames.size(), 1, rung + " frames against a single pass");
            ChunkCheck.assertEvenlySpaced(frames, FRAME, rung);
            Set<Double> keys = new TreeSet<>();
            frames.stream().filter(ChunkCheck.Frame::key).forEach(f -> keys.add(round(f.pts() - frames.get(0).pts())));
            double segmentStart = 0;
            for (double duration : media.durations()) {
                assertTrue(keys.contains(round(segmentStart)), rung + " has no keyframe at " + segmentStart);
                segmentStart += duration;
            }
            keyframes.put(rung, keys);
            videoStarts.add(frames.get(0).pts());
        }
        assertEquals(2, keyframes.size(), "720p and 480p");
        assertEquals(keyframes.get("720p"), keyframes.get("480p"), "keyframes at the same times in every rung");

        ChunkCheck.Media audio = ChunkCheck.media(client, base + "audio.m3u8");
        assertEquals(SOURCE_S, audio.seconds(), 0.1);
        double firstAudio = ChunkCheck.start(client, base + audio.segments().get(0), "a:0", dir.resolve("a0.ts"));
        assertEquals(videoStarts.get(0), firstAudio, 0.04, "audio and video start together");
        // the audio's segments are cut on a 10 s grid of their own, the video's after a 2 s first one: compare ends
        List<String> video720 = ChunkCheck.media(client, base + "720p.m3u8").segments();
        double audioEnd = last(client, base, audio.segments(), "a:0", dir.resolve("a1.ts")) + 1024 / 48000.0;
        double videoEnd = last(client, base, video720, "v:0", dir.resolve("v1.ts")) + FRAME;
        assertEquals(videoEnd, audioEnd, 0.04, "and end together");
    }

    @Test
    void twoWorkersShareOneVideoWhichPlaysWhileItGrowsAndSurvivesAKilledWorker() throws Exception {
        Map<String, String> env = new HashMap<>(CHUNKS);
        env.put("AETHER_LEASE_MS", "3000");
        // side by side, as a deployment starts them: both are idle until the upload
        List<AppProcess> both = AppProcess.startAll(DB, env, "worker", "worker");
        workers.addAll(both);
        AppProcess a = both.get(0);
        AppProcess b = both.get(1);
        Api client = new Api(api.url());
        JsonNode accepted = client.upload(Clips.video(dir, "source.mp4", 1280, 720, 60, true), "video", "video/mp4")
                .json();
        String id = accepted.path("id").asText();
        String base = ChunkCheck.base(accepted.path("playlistUrl").asText());

        JsonNode video;
        boolean checked = false;
        boolean sawGrowing = false;
        boolean sawBothAtOnce = false;
        long deadline = System.nanoTime() + TRANSCODE.toNanos();
        while (!(sawBothAtOnce && checked)) {
            assertTrue(System.nanoTime() < deadline, "never played while growing: " + client.video(id));
            sawBothAtOnce |= Ffmpegs.count(a) > 0 && Ffmpegs.count(b) > 0;
            video = client.video(id);
            if (video.path("playable").asBoolean() && !checked) {
                checked = true;
                ChunkCheck.Media first = ChunkCheck.media(client, base + "720p.m3u8");
                String master = ChunkCheck.text(client, base + "master.m3u8");
                assertTrue(master.contains("720p.m3u8") && master.contains("480p.m3u8"), "every rung from the start");
                for (String rung : List.of("720p.m3u8", "480p.m3u8")) {
                    ChunkCheck.Media media = ChunkCheck.media(client, base + rung);
                    assertEquals(200, client.raw(base + media.segments().get(0)).statusCode(), rung);
                }
                sawGrowing = client.video(id).path("status").asText().equals("active");
                if (sawGrowing) {
                    assertTrue(first.text().contains("#EXT-X-PLAYLIST-TYPE:EVENT"), first.text());
                    assertFalse(first.text().contains("#EXT-X-ENDLIST"), first.text());
                }
            }
            Thread.sleep(100);
        }
        assertTrue(sawGrowing, "the video was playable before it completed");

        // kill the first worker in the middle of a part
        while (Ffmpegs.count(a) == 0) {
            assertTrue(System.nanoTime() < deadline, "the first worker took no more parts: " + client.video(id));
            Thread.sleep(50);
        }
        a.killJvmOnly();

        video = client.awaitFinished(id, TRANSCODE);
        assertEquals("completed", video.path("status").asText(), video.toString());
        assertEquals(1, video.path("attempts").asInt(), "the video completed once: " + video);
        assertTrue(Files.readString(a.log()).contains(id) && Files.readString(b.log()).contains(id));
        // the chunk state is gone once the video completed: the surviving worker's log tells the retry
        assertTrue(Pattern.compile("Video " + Pattern.quote(id) + " \\S+ attempt [2-9] ").matcher(Files.readString(b.log()))
                .find(), "the killed worker's part was done again by the other worker");
        assertEquals(0, redis.sync().exists("aether:chunks:" + id), "the chunk state ended with the video");
        for (String rung : List.of("720p.m3u8", "480p.m3u8")) {
            ChunkCheck.Media media = ChunkCheck.media(client, base + rung);
            assertTrue(media.text().contains("#EXT-X-ENDLIST"), media.text());
            assertEquals(60.0, media.seconds(), FRAME, rung);
            assertEquals(7, media.segments().size(), "2 s, then five of 10 s and one of 8 s: " + rung);
        }
    }

    private AppProcess worker(Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(CHUNKS);
        all.putAll(env);
        AppProcess worker = AppProcess.start("worker", DB, all);
        workers.add(worker);
        return worker;
    }

    /** Frames per rung of the worker's own single pass over the same source. */
    private Map<String, Integer> singlePassFrames(Path source) throws Exception {
        Path out = Files.createDirectories(dir.resolve("single"));
        List<Rendition> ladder = new LadderPlanner().plan(1280, 720);
        Tools.run(FfmpegCommand.build("ffmpeg", source, out, out.resolve("progress.txt"),
                new ProbeResult(SOURCE_S, 1280, 720, 0, true, 30), ladder, 10, "ultrafast"));
        Map<String, Integer> frames = new HashMap<>();
        for (Rendition rung : ladder) {
            List<String> segments;
            try (var files = Files.list(out)) {
                segments = files.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith(rung.name() + "_")).sorted().toList();
            }
            Path joined = dir.resolve("single-" + rung.name() + ".ts");
            try (var stream = Files.newOutputStream(joined)) {
                for (String segment : segments) {
                    stream.write(Files.readAllBytes(out.resolve(segment)));
                }
            }
            frames.put(rung.name(), ChunkCheck.frames(joined, "v:0").size());
        }
        return frames;
    }

    /** The last frame time in the last of these segments. */
    private static double last(Api client, String base, List<String> segments, String stream, Path scratch)
            throws Exception {
        List<ChunkCheck.Frame> frames = ChunkCheck.frames(
                ChunkCheck.join(client, base, List.of(segments.get(segments.size() - 1)), scratch), stream);
        return frames.get(frames.size() - 1).pts();
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
