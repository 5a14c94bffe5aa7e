package io.aether.bench;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ladder fetched over HTTP as a player fetches it: the master, each variant playlist, every segment.
 * Bitrates come from the segments' sizes and the playlists' durations, not from the master's BANDWIDTH
 * (which is what is being checked elsewhere); each rung's segments are joined into one MPEG-TS file
 * (TS segments concatenate byte for byte) for the VMAF run.
 */
final class HlsLadder {
    private static final Pattern STREAM_INF = Pattern.compile("#EXT-X-STREAM-INF:(.*)\\R(\\S+)");
    private static final Pattern RESOLUTION = Pattern.compile("RESOLUTION=(\\d+)x(\\d+)");
    private static final Pattern EXTINF = Pattern.compile("#EXTINF:([0-9.]+),.*\\R(\\S+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    /**
     * One variant as stored: its playlist's name, its size, its bytes and seconds in total, the peak of
     * its segments' bitrates (what HLS calls BANDWIDTH), and its segments joined into one file.
     */
    record Rung(String playlist, int width, int height, long bytes, double seconds, double peakKbps, Path file) {
        double averageKbps() {
            return bytes * 8 / seconds / 1000;
        }

        /** The playlist's name without .m3u8: how the worker names the rung (1080p, ...). */
        String name() {
            String base = playlist.substring(playlist.lastIndexOf('/') + 1);
            return base.endsWith(".m3u8") ? base.substring(0, base.length() - 5) : base;
        }
    }

    private HlsLadder() {
    }

    /** The variants of the master at this URL, highest first. */
    static List<Rung> fetch(String masterUrl, Path dir) throws Exception {
        URI master = URI.create(masterUrl);
        String text = text(master);
        List<Rung> rungs = new ArrayList<>();
        Matcher m = STREAM_INF.matcher(text);
        while (m.find()) {
            Matcher size = RESOLUTION.matcher(m.group(1));
            if (!size.find()) {
                throw new IllegalStateException("a variant without RESOLUTION in " + masterUrl + ":\n" + text);
            }
            rungs.add(variant(master.resolve(m.group(2)), m.group(2), Integer.parseInt(size.group(1)),
                    Integer.parseInt(size.group(2)), dir));
        }
        if (rungs.isEmpty()) {
            throw new IllegalStateException("the master lists no variant:\n" + text);
        }
        rungs.sort(Comparator.comparingInt(Rung::height).reversed());
        return rungs;
    }

    private static Rung variant(URI playlist, String name, int width, int height, Path dir) throws Exception {
        String text = text(playlist);
        Path file = dir.resolve(height + "p.ts");
        long bytes = 0;
        double seconds = 0;
        double peak = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            Matcher m = EXTINF.matcher(text);
            while (m.find()) {
                double duration = Double.parseDouble(m.group(1));
                byte[] segment = get(playlist.resolve(m.group(2)), HttpResponse.BodyHandlers.ofByteArray());
                out.write(segment);
                bytes += segment.length;
                seconds += duration;
                peak = Math.max(peak, segment.length * 8 / duration / 1000);
            }
        }
        if (seconds == 0) {
            throw new IllegalStateException(playlist + " lists no segment:\n" + text);
        }
        return new Rung(name, width, height, bytes, seconds, peak, file);
    }

    private static String text(URI uri) throws Exception {
        return get(uri, HttpResponse.BodyHandlers.ofString());
    }

    private static <T> T get(URI uri, HttpResponse.BodyHandler<T> handler) throws Exception {
        HttpResponse<T> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).build(), handler);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
        }
        return response.body();
    }
}
