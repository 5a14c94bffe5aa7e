package io.aether.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HLS playlists written by Aether rather than by ffmpeg: media playlists that grow (EVENT) and end
 * (VOD), and a master with what Apple's authoring spec asks for and ffmpeg 5.1 leaves out
 * (AVERAGE-BANDWIDTH, FRAME-RATE, the audio group, INDEPENDENT-SEGMENTS).
 */
public final class Playlists {
    private static final Pattern EXTINF = Pattern.compile("#EXTINF:([0-9.]+),\\s*\\R(\\S+)");

    /** One stored segment: its file name, duration and size. */
    public record Segment(String name, double seconds, long bytes) {
    }

    /** One video rung of the master. */
    public record Variant(String playlist, int width, int height, int fps, long peakBps, long averageBps,
                          String codecs) {
    }

    /** The audio rendition group every variant refers to. */
    public record Audio(String playlist, String language, int channels) {
        public static final String GROUP = "audio";
    }

    private Playlists() {
    }

    /** The segments ffmpeg listed in a playlist it wrote, in order. */
    public static List<Segment> segments(String playlist, java.util.function.ToLongFunction<String> sizeOf) {
        List<Segment> out = new ArrayList<>();
        Matcher m = EXTINF.matcher(playlist);
        while (m.find()) {
            out.add(new Segment(m.group(2), Double.parseDouble(m.group(1)), sizeOf.applyAsLong(m.group(2))));
        }
        return out;
    }

    /** A media playlist: EVENT while it grows, VOD with ENDLIST once finished. */
    public static String media(List<Segment> segments, int targetSeconds, boolean finished) {
        int target = targetSeconds;
        for (Segment s : segments) {
            target = Math.max(target, (int) Math.round(s.seconds()));
        }
        StringBuilder out = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n")
                .append("#EXT-X-TARGETDURATION:").append(target).append('\n')
                .append("#EXT-X-MEDIA-SEQUENCE:0\n")
                .append("#EXT-X-PLAYLIST-TYPE:").append(finished ? "VOD" : "EVENT").append('\n')
                .append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (Segment s : segments) {
            out.append(String.format(Locale.ROOT, "#EXTINF:%.6f,%n", s.seconds())).append(s.name()).append('\n');
        }
        if (finished) {
            out.append("#EXT-X-ENDLIST\n");
        }
        return out.toString();
    }

    /** The master: every rung from the first publish on, since players read it only once. */
    public static String master(List<Variant> variants, Audio audio) {
        StringBuilder out = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        if (audio != null) {
            out.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"").append(Audio.GROUP).append("\",NAME=\"Audio\",")
                    .append("LANGUAGE=\"").append(audio.language()).append("\",DEFAULT=YES,AUTOSELECT=YES,")
                    .append("CHANNELS=\"").append(audio.channels()).append("\",URI=\"").append(audio.playlist())
                    .append("\"\n");
        }
        for (Variant v : variants) {
            out.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(v.peakBps())
                    .append(",AVERAGE-BANDWIDTH=").append(v.averageBps())
                    .append(",CODECS=\"").append(v.codecs()).append('"')
                    .append(",RESOLUTION=").append(v.width()).append('x').append(v.height())
                    .append(String.format(Locale.ROOT, ",FRAME-RATE=%.3f", (double) v.fps()));
            if (audio != null) {
                out.append(",AUDIO=\"").append(Audio.GROUP).append('"');
            }
            out.append('\n').append(v.playlist()).append('\n');
        }
        return out.toString();
    }

    /** Peak and average bit rates of a list of segments, in bits per second. */
    public static long peakBps(List<Segment> segments) {
        long peak = 0;
        for (Segment s : segments) {
            if (s.seconds() > 0) {
                peak = Math.max(peak, Math.round(s.bytes() * 8 / s.seconds()));
            }
        }
        return peak;
    }

    public static long averageBps(List<Segment> segments) {
        double seconds = 0;
        long bytes = 0;
        for (Segment s : segments) {
            seconds += s.seconds();
            bytes += s.bytes();
        }
        return seconds > 0 ? Math.round(bytes * 8 / seconds) : 0;
    }

    /** RFC 6381 codec string of H.264 from ffprobe's profile name and level (e.g. High, 40). */
    public static String avc1(String profile, int level) {
        int profileIdc = switch (profile.toLowerCase(Locale.ROOT)) {
            case "baseline", "constrained baseline" -> 0x42;
            case "main" -> 0x4d;
            default -> 0x64;
        };
        int constraints = profile.equalsIgnoreCase("constrained baseline") ? 0xc0 : 0;
        return String.format(Locale.ROOT, "avc1.%02x%02x%02x", profileIdc, constraints, level);
    }
}
