package io.aether.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Test videos made by ffmpeg on the spot. Each kind is made once per test JVM and copied where a
 * test wants it: many tests ask for the same clip, and a long 720p one takes seconds to make.
 */
public final class Clips {
    private static final Map<List<Object>, Path> MADE = new HashMap<>();
    private static Path cache;

    private Clips() {
    }

    public static Path video(Path dir, String name, int width, int height, int seconds, boolean audio) throws Exception {
        return video(dir, name, width, height, seconds, audio, List.of());
    }

    /** A clip with extra output options, such as {@code -metadata title=…}. */
    public static Path video(Path dir, String name, int width, int height, int seconds, boolean audio,
                             List<String> extra) throws Exception {
        // ffmpeg picks the container by the name's extension
        String extension = name.substring(name.lastIndexOf('.') + 1);
        List<Object> kind = List.of(width, height, seconds, audio, extra, extension);
        Path made;
        synchronized (MADE) {
            made = MADE.get(kind);
            if (made == null) {
                made = make(cache().resolve(MADE.size() + "." + extension), width, height, seconds, audio, extra);
                MADE.put(kind, made);
            }
        }
        return Files.copy(made, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path make(Path out, int width, int height, int seconds, boolean audio, List<String> extra)
            throws Exception {
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

    private static Path cache() throws IOException {
        if (cache == null) {
            cache = Files.createTempDirectory("aether-clips-");
            Path dir = cache;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        }
        return cache;
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 320x240 clip with audio that barely compresses (noise, lossless): about 4.4 MB a second. */
    public static Path noisy(Path dir, String name, int seconds) throws Exception {
        return video(dir, name, 320, 240, seconds, true, List.of("-vf", "noise=alls=60:allf=t", "-qp", "0"));
    }
}
