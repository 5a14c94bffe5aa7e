package io.aether.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test videos made by ffmpeg on the spot. */
public final class Clips {
    private Clips() {
    }

    public static Path video(Path dir, String name, int width, int height, int seconds, boolean audio) throws Exception {
        return video(dir, name, width, height, seconds, audio, List.of());
    }

    /** A clip with extra output options, such as {@code -metadata title=…}. */
    public static Path video(Path dir, String name, int width, int height, int seconds, boolean audio,
                             List<String> extra) throws Exception {
        Path out = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=30"));
        if (audio) {
            cmd.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"));
        }
        cmd.addAll(List.of("-t", Integer.toString(seconds), "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p"));
        if (audio) {
            cmd.addAll(List.of("-c:a", "aac"));
        }
        cmd.addAll(extra);
        cmd.add(out.toString());
        Tools.run(cmd);
        return out;
    }

    /** A 320x240 clip with audio that barely compresses (noise, lossless): about 4.4 MB a second. */
    public static Path noisy(Path dir, String name, int seconds) throws Exception {
        return video(dir, name, 320, 240, seconds, true, List.of("-vf", "noise=alls=60:allf=t", "-qp", "0"));
    }
}
