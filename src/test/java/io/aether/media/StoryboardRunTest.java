package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A part's storyboard run on a real rung playlist, off the interval grid like a chunk after a 2 s first one. */
class StoryboardRunTest {
    @TempDir
    Path dir;

    @Test
    void aPartStartingOffTheGridPutsItsTilesOnTheGridAndFillsItsSheet() throws Exception {
        // the part [2 s, 14 s) of a long video: 5 s tiles, at 5 and 10 s; frame numbers are drawn on the picture
        Path rung = dir.resolve("240p.m3u8");
        ThumbnailRunTest.run(dir, List.of("ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=426x240:rate=30", "-frames:v", "360", "-c:v", "libx264", "-preset", "ultrafast",
                "-output_ts_offset", "12", "-f", "hls", "-hls_time", "4", "-hls_playlist_type", "vod", rung.toString()));
        List<Storyboard.Sheet> sheets = Storyboard.sheets("storyboard_00001", 2, 14, 5);
        assertEquals(List.of(new Storyboard.Sheet("storyboard_00001_00.jpg", 5, 14)), sheets);
        String picked = ThumbnailRunTest.run(dir, withShowinfo(Storyboard.command("ffmpeg", rung.toString(), 2, 14, 5,
                90, dir, "storyboard_00001")));
        // local times 3 s and 8 s: video times 5 s and 10 s
        assertEquals(List.of("pts_time:3", "pts_time:8"), java.util.regex.Pattern.compile("pts_time:[0-9.]+")
                .matcher(picked).results().map(java.util.regex.MatchResult::group).toList());
        assertEquals("mjpeg,320,90", ThumbnailRunTest.run(dir, List.of("ffprobe", "-v", "error", "-show_entries",
                "stream=codec_name,width,height", "-of", "csv=p=0", dir.resolve("storyboard_00001_00.jpg").toString()))
                .trim());
    }

    @Test
    void onTheKeyframeGridOnlyKeyframesAreDecodedForTheSameTiles() throws Exception {
        // a part [2 s, 12 s) with a keyframe every 2 s, like the ladder's: 2 s tiles at 2, 4 .. 10 s
        Path rung = dir.resolve("480p.m3u8");
        ThumbnailRunTest.run(dir, List.of("ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=426x240:rate=30", "-frames:v", "300", "-c:v", "libx264", "-preset", "ultrafast",
                "-g", "60", "-output_ts_offset", "12", "-f", "hls", "-hls_time", "4", "-hls_playlist_type", "vod",
                rung.toString()));
        List<String> command = Storyboard.command("ffmpeg", rung.toString(), 2, 12, 2, 90, dir, "storyboard_00001");
        assertEquals("nokey", command.get(command.indexOf("-skip_frame") + 1));
        String picked = ThumbnailRunTest.run(dir, withShowinfo(command));
        assertEquals(List.of("pts_time:0", "pts_time:2", "pts_time:4", "pts_time:6", "pts_time:8"),
                java.util.regex.Pattern.compile("pts_time:[0-9.]+").matcher(picked).results()
                        .map(java.util.regex.MatchResult::group).toList());
        assertEquals(-1, Storyboard.command("ffmpeg", "x.m3u8", 2, 14, 5, 90, dir, "p").indexOf("-skip_frame"),
                "5 s tiles fall between keyframes: every frame is decoded");
    }

    /** The same run, telling which frames the selection kept. */
    private static List<String> withShowinfo(List<String> command) {
        java.util.ArrayList<String> args = new java.util.ArrayList<>(command);
        int vf = args.indexOf("-vf") + 1;
        args.set(vf, args.get(vf).replaceFirst("(select='[^']*')", "$1,showinfo"));
        args.set(args.indexOf("error"), "info");
        return args;
    }
}
