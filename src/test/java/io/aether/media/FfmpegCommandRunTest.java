package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real ffmpeg (5.1 on the build image) so that option spellings the unit tests only
 * compare as strings are proven to be accepted and to produce a playable ladder.
 */
class FfmpegCommandRunTest {

    private static final String FFMPEG = "/usr/bin/ffmpeg";
    private static final String FFPROBE = "/usr/bin/ffprobe";
    private static final Pattern STREAM_INF = Pattern.compile("^#EXT-X-STREAM-INF:(.*)$", Pattern.MULTILINE);

    @TempDir
    Path tmp;

    private static String run(Path log, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd);
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), "exit code of " + cmd + "\n" + out);
        return out;
    }

    /*
     * libx264 writes its settings as text into an SEI, so per-stream rate control can be checked.
     * The segment is unwrapped to raw H.264 first because TS packet headers split the text.
     */
    private String x264Settings(Path segment) throws Exception {
        Path raw = tmp.resolve(segment.getFileName() + ".h264");
        run(tmp.resolve("demux.log"), List.of(FFMPEG, "-v", "error", "-y", "-i", segment.toString(),
                "-map", "0:v:0", "-c", "copy", "-f", "h264", raw.toString()));
        return new String(Files.readAllBytes(raw), StandardCharsets.ISO_8859_1);
    }

    private Path makeClip(boolean withAudio) throws Exception {
        Path clip = tmp.resolve(withAudio ? "av.mp4" : "v.mp4");
        List<String> cmd = new ArrayList<>(List.of(FFMPEG, "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30"));
        if (withAudio) {
            cmd.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-c:a", "aac"));
        }
        cmd.addAll(List.of("-t", "4", "-c:v", "libx264", clip.toString()));
        run(tmp.resolve("gen.log"), cmd);
        return clip;
    }

    private static ProbeResult probe(Path tmp, Path file) throws Exception {
        String json = run(tmp.resolve("probe.json"), List.of(FFPROBE, "-v", "error", "-print_format", "json",
                "-show_format", "-show_streams", file.toString()));
        return ProbeParser.parse(json);
    }

    private void transcodeAndCheck(boolean withAudio) throws Exception {
        Path clip = makeClip(withAudio);
        ProbeResult probe = probe(tmp, clip);
        assertEquals(withAudio, probe.hasAudio());
        assertEquals(4.0, probe.durationSeconds(), 0.1);

        List<Rendition> ladder = new LadderPlanner().plan(probe.displayWidth(), probe.displayHeight());
        assertEquals(List.of("720p", "480p"), ladder.stream().map(Rendition::name).toList());

        Path out = Files.createDirectories(tmp.resolve("hls"));
        Path progress = tmp.resolve("progress.txt");
        run(tmp.resolve("ffmpeg.log"),
                FfmpegCommand.build(FFMPEG, clip, out, progress, probe, ladder, 2, "ultrafast"));

        String master = Files.readString(out.resolve("master.m3u8"));
        Matcher m = STREAM_INF.matcher(master);
        List<String> infs = new ArrayList<>();
        while (m.find()) {
            infs.add(m.group(1));
        }
        assertEquals(2, infs.size(), master);
        for (String inf : infs) {
            assertTrue(inf.contains("BANDWIDTH="), inf);
            assertTrue(inf.contains("RESOLUTION="), inf);
            assertTrue(inf.contains("CODECS=\"avc1."), inf);
            assertEquals(withAudio, inf.contains("mp4a.40.2"), inf);
        }
        assertTrue(infs.get(0).contains("RESOLUTION=1280x720"), infs.get(0));
        assertTrue(infs.get(1).contains("RESOLUTION=854x480"), infs.get(1));
        // hlsenc derives BANDWIDTH from the configured rates (+10%), proving -b:v:N / -b:a:N took effect
        for (int i = 0; i < ladder.size(); i++) {
            Rendition r = ladder.get(i);
            long kbps = r.videoKbps() + (withAudio ? r.audioKbps() : 0);
            assertTrue(infs.get(i).contains("BANDWIDTH=" + kbps * 1100 + ","), infs.get(i));
        }
        assertTrue(master.contains("\n720p.m3u8"), master);
        assertTrue(master.contains("\n480p.m3u8"), master);

        for (Rendition r : ladder) {
            String variant = Files.readString(out.resolve(r.name() + ".m3u8"));
            assertTrue(variant.contains("#EXT-X-ENDLIST"), variant);
            List<String> segments = variant.lines().filter(l -> l.endsWith(".ts")).toList();
            // 4 s at a forced keyframe every 2 s: exactly two full segments, same in every rendition
            assertEquals(List.of(r.name() + "_00000.ts", r.name() + "_00001.ts"), segments, variant);
            for (String s : segments) {
                assertTrue(Files.size(out.resolve(s)) > 0, s);
            }
            String x264 = x264Settings(out.resolve(segments.get(0)));
            assertTrue(x264.contains(" bitrate=" + r.videoKbps() + " "), r.name());
            assertTrue(x264.contains("vbv_maxrate=" + r.maxrateKbps() + " vbv_bufsize=" + r.bufsizeKbps() + " "),
                    r.name());
            assertTrue(x264.contains(" keyint=60 "), r.name());
            assertTrue(x264.contains(" scenecut=0 "), r.name());
        }

        ProbeResult small = probe(tmp, out.resolve("480p_00000.ts"));
        assertEquals(854, small.width());
        assertEquals(480, small.height());
        assertEquals(withAudio, small.hasAudio());
        if (withAudio) {
            // the sine source is mono; -ac:a:N 2 must have upmixed it
            String channels = run(tmp.resolve("channels.txt"), List.of(FFPROBE, "-v", "error", "-select_streams",
                    "a:0", "-show_entries", "stream=channels", "-of", "csv=p=0",
                    out.resolve("480p_00000.ts").toString()));
            // a TS file lists its streams under the program too, so the value can repeat
            List<String> values = channels.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            assertFalse(values.isEmpty(), channels);
            assertTrue(values.stream().allMatch("2"::equals), channels);
        }

        List<String> progressLines = Files.readAllLines(progress, StandardCharsets.UTF_8);
        assertTrue(progressLines.contains("progress=end"), String.join("\n", progressLines));
        ProgressParser parser = new ProgressParser(probe.durationSeconds());
        int last = -1;
        for (String line : progressLines) {
            OptionalInt pct = parser.accept(line);
            if (pct.isPresent()) {
                assertTrue(pct.getAsInt() >= last, "progress went backwards");
                last = pct.getAsInt();
            }
        }
        assertEquals(100, last);
        assertFalse(Files.exists(out.resolve("%v.m3u8")), "variant pattern must be expanded");
    }

    @Test
    void encodesLadderWithAudio() throws Exception {
        transcodeAndCheck(true);
    }

    @Test
    void encodesLadderWithoutAudio() throws Exception {
        transcodeAndCheck(false);
    }
}
