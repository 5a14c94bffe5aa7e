package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class FfmpegCommandTest {

    private static final Path IN = Path.of("/data/in put/clip.mov");
    private static final Path OUT = Path.of("/data/out dir");
    private static final Path PROGRESS = Path.of("/data/progress.txt");
    private static final ProbeResult WITH_AUDIO = new ProbeResult(60, 1920, 1080, 0, true, 30000.0 / 1001);
    private static final ProbeResult NO_AUDIO = new ProbeResult(60, 1920, 1080, 0, false, 25);
    private static final List<Rendition> LADDER = new LadderPlanner().plan(1920, 1080);

    private static List<String> build(ProbeResult probe, List<Rendition> ladder) {
        return FfmpegCommand.build("/usr/bin/ffmpeg", IN, OUT, PROGRESS, probe, ladder, 4, "veryfast");
    }

    /** The value following {@code option}; fails if the option is absent or repeated. */
    private static String valueOf(List<String> args, String option) {
        int i = args.indexOf(option);
        assertTrue(i > 0, "missing " + option + " in " + args);
        assertEquals(i, args.lastIndexOf(option), "repeated " + option);
        return args.get(i + 1);
    }

    /** Every value that follows an occurrence of {@code option}. */
    private static List<String> valuesOf(List<String> args, String option) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals(option)) {
                values.add(args.get(i + 1));
            }
        }
        return values;
    }

    @Test
    void startsWithBinaryAndGlobalFlagsThenInput() {
        List<String> args = build(WITH_AUDIO, LADDER);
        assertEquals(List.of("/usr/bin/ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-y", "-loglevel", "error",
                "-progress", "/data/progress.txt", "-i", "/data/in put/clip.mov"), args.subList(0, 11));
    }

    @Test
    void pathsWithSpacesStayOneArgument() {
        List<String> args = build(WITH_AUDIO, LADDER);
        assertTrue(args.contains("/data/in put/clip.mov"));
        assertEquals("/data/out dir/%v.m3u8", args.get(args.size() - 1));
        assertEquals("/data/out dir/%v_%05d.ts", valueOf(args, "-hls_segment_filename"));
        assertFalse(args.stream().anyMatch(a -> a.startsWith("'") || a.startsWith("\"")), "no shell quoting");
    }

    @Test
    void filterGraphSplitsOncePerRendition() {
        assertEquals("[0:v]fps=30,split=3[s0][s1][s2];"
                        + "[s0]scale=1920:1080,setsar=1[v0];"
                        + "[s1]scale=1280:720,setsar=1[v1];"
                        + "[s2]scale=854:480,setsar=1[v2]",
                valueOf(build(WITH_AUDIO, LADDER), "-filter_complex"));
    }

    @Test
    void singleRenditionHasNoSplit() {
        List<Rendition> one = new LadderPlanner().plan(640, 360);
        assertEquals("[0:v]fps=30,scale=640:360,setsar=1[v0]", valueOf(build(WITH_AUDIO, one), "-filter_complex"));
    }

    @Test
    void twoRenditionsSplitInTwo() {
        List<Rendition> two = new LadderPlanner().plan(1280, 720);
        assertTrue(valueOf(build(NO_AUDIO, two), "-filter_complex").startsWith("[0:v]fps=25,split=2[s0][s1];"));
    }

    @Test
    void mapsEachScaledVideoWithItsOwnAudio() {
        List<String> args = build(WITH_AUDIO, LADDER);
        assertEquals(List.of("[v0]", "0:a:0", "[v1]", "0:a:0", "[v2]", "0:a:0"), valuesOf(args, "-map"));
    }

    @Test
    void withoutAudioMapsOnlyVideoAndSetsNoAudioOptions() {
        List<String> args = build(NO_AUDIO, LADDER);
        assertEquals(List.of("[v0]", "[v1]", "[v2]"), valuesOf(args, "-map"));
        assertFalse(args.stream().anyMatch(a -> a.startsWith("-c:a") || a.startsWith("-b:a")
                || a.startsWith("-ac")), args.toString());
    }

    @Test
    void perStreamVideoRateControl() {
        List<String> args = build(WITH_AUDIO, LADDER);
        assertEquals("libx264", valueOf(args, "-c:v:0"));
        assertEquals("libx264", valueOf(args, "-c:v:2"));
        assertEquals("5000k", valueOf(args, "-b:v:0"));
        assertEquals("5350k", valueOf(args, "-maxrate:v:0"));
        assertEquals("7500k", valueOf(args, "-bufsize:v:0"));
        assertEquals("2800k", valueOf(args, "-b:v:1"));
        assertEquals("2996k", valueOf(args, "-maxrate:v:1"));
        assertEquals("4200k", valueOf(args, "-bufsize:v:1"));
        assertEquals("1400k", valueOf(args, "-b:v:2"));
        assertEquals("1498k", valueOf(args, "-maxrate:v:2"));
        assertEquals("2100k", valueOf(args, "-bufsize:v:2"));
        assertFalse(args.contains("-b:v:3"));
    }

    @Test
    void aCappedCrfRungHasACrfAndItsCapButNoAverageBitrate() {
        List<Rendition> ladder = List.of(LADDER.get(0).cappedCrf(23.4, 94, 8000, 12000, false), LADDER.get(1));
        List<String> args = build(WITH_AUDIO, ladder);
        assertEquals("23.4", valueOf(args, "-crf:v:0"));
        assertEquals("8000k", valueOf(args, "-maxrate:v:0"));
        assertEquals("12000k", valueOf(args, "-bufsize:v:0"));
        assertFalse(args.contains("-b:v:0"));
        // the fixed rung beside it stays ABR
        assertEquals("2800k", valueOf(args, "-b:v:1"));
        assertFalse(args.contains("-crf:v:1"));
        // and a chunk encodes it alike
        List<String> chunk = ChunkCommand.video("ffmpeg", "in", OUT, PROGRESS, new ChunkPlan.Chunk(1, 1, 2, 300, 600, 30),
                ladder, 10, "veryfast", 1, null);
        assertEquals("23.4", valueOf(chunk, "-crf:v:0"));
        assertFalse(chunk.contains("-b:v:0"));
    }

    @Test
    void perStreamAudio() {
        List<String> args = build(WITH_AUDIO, LADDER);
        assertEquals("aac", valueOf(args, "-c:a:0"));
        assertEquals("aac", valueOf(args, "-c:a:2"));
        assertEquals("128k", valueOf(args, "-b:a:0"));
        assertEquals("128k", valueOf(args, "-b:a:1"));
        assertEquals("96k", valueOf(args, "-b:a:2"));
        assertEquals(List.of("2", "2", "2"),
                List.of(valueOf(args, "-ac:a:0"), valueOf(args, "-ac:a:1"), valueOf(args, "-ac:a:2")));
    }

    @Test
    void mapsComeBeforeTheirCodecOptions() {
        List<String> args = build(WITH_AUDIO, LADDER);
        assertTrue(args.indexOf("[v1]") < args.indexOf("-c:v:1"));
        assertTrue(args.indexOf("-filter_complex") < args.indexOf("-map"));
        assertTrue(args.indexOf("-i") < args.indexOf("-filter_complex"));
    }

    @Test
    void encoderAndKeyframeSettings() {
        List<String> args = build(WITH_AUDIO, LADDER);
        assertEquals("veryfast", valueOf(args, "-preset"));
        assertEquals("high", valueOf(args, "-profile:v"));
        assertEquals("yuv420p", valueOf(args, "-pix_fmt"));
        // 29.97 fps rounds to 30, so a 2 s GOP is 60 frames
        assertEquals("60", valueOf(args, "-g"));
        assertEquals("60", valueOf(args, "-keyint_min"));
        assertEquals("0", valueOf(args, "-sc_threshold"));
        assertEquals("expr:gte(t,n_forced*2)", valueOf(args, "-force_key_frames"));
        assertFalse(args.contains("-r"), "frame rate must not be changed");
    }

    @Test
    void gopFollowsFrameRate() {
        assertEquals("50", valueOf(build(NO_AUDIO, LADDER), "-g"));
        ProbeResult slow = new ProbeResult(10, 640, 480, 0, false, 0.2);
        assertEquals("2", valueOf(build(slow, LADDER), "-g"), "fps is at least 1");
        ProbeResult fast = new ProbeResult(10, 640, 480, 0, false, 59.94);
        assertEquals("120", valueOf(build(fast, LADDER), "-keyint_min"));
    }

    @Test
    void hlsMuxerOptions() {
        List<String> args = build(WITH_AUDIO, LADDER);
        assertEquals("hls", valueOf(args, "-f"));
        assertEquals("4", valueOf(args, "-hls_time"));
        assertEquals("vod", valueOf(args, "-hls_playlist_type"));
        assertEquals("independent_segments", valueOf(args, "-hls_flags"));
        assertEquals("mpegts", valueOf(args, "-hls_segment_type"));
        assertEquals("master.m3u8", valueOf(args, "-master_pl_name"));
    }

    @Test
    void varStreamMapWithAudioIsOneArgument() {
        assertEquals("v:0,a:0,name:1080p v:1,a:1,name:720p v:2,a:2,name:480p",
                valueOf(build(WITH_AUDIO, LADDER), "-var_stream_map"));
    }

    @Test
    void varStreamMapWithoutAudio() {
        assertEquals("v:0,name:1080p v:1,name:720p v:2,name:480p",
                valueOf(build(NO_AUDIO, LADDER), "-var_stream_map"));
    }

    @Test
    void outputIsLastAndMuxerOptionsPrecedeIt() {
        List<String> args = build(NO_AUDIO, LADDER);
        int out = args.size() - 1;
        assertTrue(args.indexOf("-var_stream_map") < out);
        assertTrue(args.indexOf("-f") < out);
    }

    @Test
    void resultIsImmutable() {
        List<String> args = build(NO_AUDIO, LADDER);
        assertThrows(UnsupportedOperationException.class, () -> args.add("-x"));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> build(NO_AUDIO, Collections.emptyList()));
        assertThrows(IllegalArgumentException.class, () -> build(NO_AUDIO, null));
        assertThrows(IllegalArgumentException.class, () -> FfmpegCommand.build(
                "ffmpeg", IN, OUT, PROGRESS, NO_AUDIO, LADDER, 0, "fast"));
        assertThrows(NullPointerException.class, () -> FfmpegCommand.build(
                "ffmpeg", null, OUT, PROGRESS, NO_AUDIO, LADDER, 4, "fast"));
        assertThrows(NullPointerException.class, () -> FfmpegCommand.build(
                "ffmpeg", IN, OUT, PROGRESS, null, LADDER, 4, "fast"));
    }
}
