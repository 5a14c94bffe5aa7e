package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a published HLS video like a player and measures its timeline with ffprobe. */
public final class ChunkCheck {
    private static final Pattern EXTINF = Pattern.compile("#EXTINF:([0-9.]+),\\R(\\S+)");

    /** One media playlist: its text, segment names and durations. */
    public record Media(String text, List<String> segments, List<Double> durations) {
        public double seconds() {
            return durations.stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /** One frame or packet: presentation time in seconds and whether it is a keyframe. */
    public record Frame(double pts, boolean key) {
    }

    private ChunkCheck() {
    }

    /** Where the playlists of a signed playlist URL are: its own directory, token included. */
    public static String base(String playlistUrl) {
        return playlistUrl.substring(0, playlistUrl.lastIndexOf('/') + 1);
    }

    public static String text(Api api, String url) throws Exception {
        HttpResponse<byte[]> response = api.raw(url);
        assertEquals(200, response.statusCode(), url);
        return new String(response.body());
    }

    public static Media media(Api api, String url) throws Exception {
        String text = text(api, url);
        List<String> names = new ArrayList<>();
        List<Double> durations = new ArrayList<>();
        Matcher m = EXTINF.matcher(text);
        while (m.find()) {
            durations.add(Double.parseDouble(m.group(1)));
            names.add(m.group(2));
        }
        Set<String> unique = new HashSet<>(names);
        assertEquals(names.size(), unique.size(), "a segment is listed twice in " + url);
        return new Media(text, names, durations);
    }

    /** Downloads the listed segments and joins them into one transport stream, as a player would play them. */
    public static Path join(Api api, String base, List<String> segments, Path out) throws Exception {
        try (OutputStream stream = Files.newOutputStream(out)) {
            for (String name : segments) {
                HttpResponse<byte[]> segment = api.raw(base + name);
                assertEquals(200, segment.statusCode(), name);
                stream.write(segment.body());
            }
        }
        return out;
    }

    /** The frames of a stream, in presentation order. */
    public static List<Frame> frames(Path file, String stream) throws Exception {
        String csv = Tools.run(List.of("ffprobe", "-v", "error", "-select_streams", stream,
                "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", file.toString()));
        List<Frame> frames = new ArrayList<>();
        for (String line : csv.split("\\R")) {
            String[] fields = line.trim().split(",");
            if (fields.length >= 2 && !fields[0].isEmpty() && !fields[0].equals("N/A")) {
                frames.add(new Frame(Double.parseDouble(fields[0]), fields[1].startsWith("K")));
            }
        }
        frames.sort((a, b) -> Double.compare(a.pts(), b.pts()));
        return frames;
    }

    /** Every frame one frame time after the one before: no gap, no overlap, no repeated frame. */
    public static void assertEvenlySpaced(List<Frame> frames, double frameSeconds, String what) {
        for (int i = 1; i < frames.size(); i++) {
            double step = frames.get(i).pts() - frames.get(i - 1).pts();
            assertEquals(frameSeconds, step, 0.002, what + ": frame " + i + " at " + frames.get(i).pts()
                    + " follows " + frames.get(i - 1).pts());
        }
    }

    /** The first frame time of a segment's stream. */
    public static double start(Api api, String url, String stream, Path scratch) throws Exception {
        Path file = join(api, url.substring(0, url.lastIndexOf('/') + 1), List.of(url.substring(url.lastIndexOf('/') + 1)),
                scratch);
        List<Frame> frames = frames(file, stream);
        assertTrue(!frames.isEmpty(), url + " has no " + stream + " frames");
        return frames.get(0).pts();
    }
}
