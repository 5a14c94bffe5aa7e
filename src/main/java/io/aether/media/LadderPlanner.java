package io.aether.media;

import java.util.ArrayList;
import java.util.List;

/** Chooses the HLS renditions for a source of a given display size. */
public final class LadderPlanner {

    private record Rung(int shortSide, int videoKbps, int audioKbps) {
    }

    private static final List<Rung> RUNGS = List.of(
            new Rung(1080, 5000, 128),
            new Rung(720, 2800, 128),
            new Rung(480, 1400, 96));

    // Reference size for scaling the bitrate of sub-480p sources.
    private static final double PIXELS_480P = 854.0 * 480.0;
    private static final int MIN_SMALL_KBPS = 300;
    private static final int SMALL_AUDIO_KBPS = 96;

    public List<Rendition> plan(int displayWidth, int displayHeight) {
        if (displayWidth <= 0 || displayHeight <= 0) {
            throw new IllegalArgumentException(
                    "display size must be positive, got " + displayWidth + "x" + displayHeight);
        }
        boolean portrait = displayWidth < displayHeight;
        int sourceShort = Math.min(displayWidth, displayHeight);
        int sourceLong = Math.max(displayWidth, displayHeight);

        List<Rendition> out = new ArrayList<>();
        for (Rung rung : RUNGS) {
            if (rung.shortSide() > sourceShort) {
                continue; // upscaling only wastes bits
            }
            int shortSide = roundEven(rung.shortSide());
            int longSide = roundEven((double) rung.shortSide() * sourceLong / sourceShort);
            int w = portrait ? shortSide : longSide;
            int h = portrait ? longSide : shortSide;
            out.add(rendition(rung.shortSide() + "p", w, h, rung.videoKbps(), rung.audioKbps()));
        }
        if (out.isEmpty()) {
            out.add(small(displayWidth, displayHeight));
        }
        return List.copyOf(out);
    }

    private static Rendition small(int displayWidth, int displayHeight) {
        // Round down so the one rendition never exceeds the source.
        int w = floorEven(displayWidth);
        int h = floorEven(displayHeight);
        int kbps = Math.max(MIN_SMALL_KBPS, (int) Math.round(1400 * (w * (double) h) / PIXELS_480P));
        return rendition(Math.min(w, h) + "p", w, h, kbps, SMALL_AUDIO_KBPS);
    }

    private static Rendition rendition(String name, int w, int h, int videoKbps, int audioKbps) {
        return new Rendition(name, w, h, videoKbps,
                (int) Math.round(videoKbps * 1.07), (int) Math.round(videoKbps * 1.5), audioKbps);
    }

    // libx264 with yuv420p rejects odd dimensions.
    private static int roundEven(double v) {
        return (int) Math.max(2, 2 * Math.round(v / 2));
    }

    private static int floorEven(int v) {
        return Math.max(2, v - (v % 2));
    }
}
