package io.aether.media;

import java.util.OptionalInt;

/**
 * Turns ffmpeg {@code -progress} output into a percentage. Only the end of each block yields a
 * value, so a consumer reports at most once per ffmpeg progress tick.
 */
public final class ProgressParser {

    private final double durationUs;
    private long outTimeUs = -1;
    private int best = 0;

    public ProgressParser(double durationSeconds) {
        this.durationUs = durationSeconds > 0 && Double.isFinite(durationSeconds)
                ? durationSeconds * 1_000_000d : 0;
    }

    public OptionalInt accept(String line) {
        if (line == null) {
            return OptionalInt.empty();
        }
        int eq = line.indexOf('=');
        if (eq < 0) {
            return OptionalInt.empty();
        }
        String key = line.substring(0, eq).trim();
        String value = line.substring(eq + 1).trim();
        switch (key) {
            // out_time_ms is misnamed by ffmpeg: it is also microseconds.
            case "out_time_us", "out_time_ms" -> {
                try {
                    long v = Long.parseLong(value);
                    if (v >= 0) {
                        outTimeUs = v;
                    }
                } catch (NumberFormatException ignored) {
                    // "N/A" before the first frame; keep the last good value
                }
                return OptionalInt.empty();
            }
            case "progress" -> {
                if ("end".equals(value)) {
                    best = 100;
                    return OptionalInt.of(best);
                }
                if ("continue".equals(value)) {
                    best = Math.max(best, current());
                    return OptionalInt.of(best);
                }
                return OptionalInt.empty();
            }
            default -> {
                return OptionalInt.empty();
            }
        }
    }

    // 100 is reserved for progress=end: muxing may still be running when out_time reaches the end.
    private int current() {
        if (durationUs <= 0 || outTimeUs < 0) {
            return 0;
        }
        double pct = Math.floor(outTimeUs / durationUs * 100);
        return (int) Math.max(0, Math.min(99, pct));
    }
}
