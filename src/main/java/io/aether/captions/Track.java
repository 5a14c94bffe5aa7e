package io.aether.captions;

/**
 * One language of a video's captions as the record keeps it.
 *
 * @param format what the owner sent: srt or vtt
 * @param pts the first presentation timestamp its segment is mapped to; -1 while not yet mapped
 *     (the video's first segment was not stored when the captions came)
 */
public record Track(String lang, String name, String format, long pts) {
    public static final String GROUP = "subs";

    public String playlist() {
        return "subs_" + lang + ".m3u8";
    }

    public String segment() {
        return "subs_" + lang + ".vtt";
    }

    public boolean mappedTo(long firstPts) {
        return pts == firstPts;
    }

    public Track mapped(long firstPts) {
        return new Track(lang, name, format, firstPts);
    }
}
