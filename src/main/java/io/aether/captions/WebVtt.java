package io.aether.captions;

import java.util.List;
import java.util.Locale;

/** Writes cues as the WebVTT segment and the subtitles playlist an HLS player reads. */
public final class WebVtt {
    private WebVtt() {
    }

    /**
     * One WebVTT segment for the whole video. {@code X-TIMESTAMP-MAP} ties cue time 0 to the video's
     * first presentation timestamp (90 kHz), so cues line up however late the MPEG-TS timeline starts.
     */
    public static String segment(List<Cue> cues, long firstPts90k) {
        StringBuilder out = new StringBuilder("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:")
                .append(firstPts90k).append(",LOCAL:00:00:00.000\n");
        for (Cue cue : cues) {
            out.append('\n').append(time(cue.startMillis())).append(" --> ").append(time(cue.endMillis()))
                    .append('\n').append(cue.text()).append('\n');
        }
        return out.toString();
    }

    /** The same segment mapped to another first timestamp (it was stored before the video had one). */
    public static String remap(String segment, long firstPts90k) {
        return segment.replaceFirst("(?m)^X-TIMESTAMP-MAP=MPEGTS:\\d+,", "X-TIMESTAMP-MAP=MPEGTS:" + firstPts90k + ",");
    }

    /** A VOD playlist of that one segment, as long as the video. */
    public static String playlist(String segmentName, double durationSeconds) {
        return "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:" + (long) Math.ceil(durationSeconds)
                + "\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n"
                + String.format(Locale.ROOT, "#EXTINF:%.3f,%n", durationSeconds) + segmentName + "\n#EXT-X-ENDLIST\n";
    }

    static String time(long millis) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", millis / 3_600_000, millis / 60_000 % 60,
                millis / 1000 % 60, millis % 1000);
    }
}
