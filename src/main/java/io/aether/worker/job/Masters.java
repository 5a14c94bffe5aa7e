package io.aether.worker.job;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.aether.media.Playlists;
import io.aether.media.Rendition;
import io.aether.media.TsHeader;

/**
 * Master playlists measured from what was encoded: CODECS read from a segment, BANDWIDTH and
 * AVERAGE-BANDWIDTH from segment sizes, instead of ffmpeg's nominal values.
 */
public final class Masters {
    /** Enough of a segment for its tables and first video frame's header; a whole file where it is not. */
    private static final int HEAD = 64 * 1024;

    /** The RFC 6381 CODECS value of a segment's video stream. */
    public String avc1(Path segment) throws IOException {
        return header(segment).codecs();
    }

    /**
     * The first presentation timestamp (90 kHz) of a segment's video stream: where captions' time 0
     * lies. Measured rather than derived, since the muxer adds its own delay to the timeline's start.
     */
    public long firstPts(Path segment) throws IOException {
        return header(segment).firstPts();
    }

    private static TsHeader header(Path segment) throws IOException {
        byte[] start;
        try (InputStream in = Files.newInputStream(segment)) {
            start = in.readNBytes(HEAD);
        }
        try {
            return TsHeader.read(start);
        } catch (IllegalArgumentException e) {
            if (start.length < HEAD) {
                throw unreadable(segment, e);
            }
        }
        try {
            return TsHeader.read(Files.readAllBytes(segment));
        } catch (IllegalArgumentException e) {
            throw unreadable(segment, e);
        }
    }

    private static TransientFailure unreadable(Path segment, IllegalArgumentException e) {
        return new TransientFailure(segment.getFileName() + ": " + e.getMessage());
    }

    /** The master of a single pass, whose variants each carry their own audio. */
    public String singlePass(Path out, List<Rendition> ladder, int fps, boolean audio) throws IOException {
        List<Playlists.Variant> variants = new ArrayList<>();
        for (Rendition rung : ladder) {
            String playlist = rung.name() + ".m3u8";
            List<Playlists.Segment> segments = Playlists.segments(
                    Files.readString(out.resolve(playlist), StandardCharsets.UTF_8), name -> out.resolve(name).toFile().length());
            if (segments.isEmpty()) {
                throw new TransientFailure("ffmpeg wrote no segment for " + rung.name());
            }
            String codecs = avc1(out.resolve(segments.get(0).name())) + (audio ? ",mp4a.40.2" : "");
            variants.add(new Playlists.Variant(playlist, rung.width(), rung.height(), fps,
                    Playlists.peakBps(segments), Playlists.averageBps(segments), codecs));
        }
        return Playlists.master(variants, null);
    }
}
