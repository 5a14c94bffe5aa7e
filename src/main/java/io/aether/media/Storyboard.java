package io.aether.media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Seek-bar previews: a tile every {@link #interval} seconds, laid out on sprite sheets of at most
 * {@link #COLUMNS} × {@link #COLUMNS} tiles, and the WebVTT file whose cues point at each tile with a
 * media fragment ({@code sheet.jpg#xywh=x,y,w,h}) as Video.js, Vidstack and Mux's player read it.
 * Each part of a video makes its own sheet, so parts can make theirs side by side.
 */
public final class Storyboard {
    public static final int COLUMNS = 10;
    public static final int TILE_WIDTH = 160;

    /** One sheet: the tiles of {@code [startSeconds, endSeconds)} of the video, row by row. */
    public record Sheet(String url, double startSeconds, double endSeconds) {
    }

    private Storyboard() {
    }

    /**
     * 2 s for videos up to 200 s (at most 100 tiles), 5 s up to 500 s, then 10 s. Each divides the
     * 10 s segment grid that parts start on, so every part's first tile is at its first frame.
     */
    public static int interval(double durationSeconds) {
        return durationSeconds <= 200 ? 2 : durationSeconds <= 500 ? 5 : 10;
    }

    /** Tile height for the source's display size: the same aspect ratio, even, at least 2. */
    public static int tileHeight(int displayWidth, int displayHeight) {
        return Math.max(2, 2 * (int) Math.round(TILE_WIDTH * (double) displayHeight / displayWidth / 2));
    }

    /** How many tiles a sheet for this span holds: one at every multiple of the interval inside it. */
    public static int tiles(double startSeconds, double endSeconds, int interval) {
        long first = (long) Math.ceil(startSeconds / interval - 1e-9);
        long last = (long) Math.ceil(endSeconds / interval - 1e-9) - 1;
        int count = (int) Math.max(0, last - first + 1);
        if (count > COLUMNS * COLUMNS) {
            throw new IllegalArgumentException("a sheet holds at most " + COLUMNS * COLUMNS + " tiles, not " + count);
        }
        return count;
    }

    /**
     * The filter that makes the sheet of a part starting on the interval grid: a frame every interval,
     * scaled, laid out row by row. Run it with {@code -frames:v 1}: a frame the rounding adds at the
     * end spills into a second sheet that is never written.
     */
    public static String filter(double startSeconds, double endSeconds, int interval, int tileHeight) {
        int count = Math.max(1, tiles(startSeconds, endSeconds, interval));
        return String.format(Locale.ROOT, "fps=1/%d,scale=%d:%d,tile=%dx%d", interval, TILE_WIDTH, tileHeight,
                Math.min(COLUMNS, count), (count + COLUMNS - 1) / COLUMNS);
    }

    /**
     * The sheets a part of the video, {@code [startSeconds, endSeconds)}, makes: one when its tiles
     * fit, else one per {@code COLUMNS × COLUMNS} tiles, named {@code {prefix}_NN.jpg} as
     * {@link #command} writes them.
     */
    public static List<Sheet> sheets(String prefix, double startSeconds, double endSeconds, int interval) {
        long first = (long) Math.ceil(startSeconds / interval - 1e-9);
        long last = (long) Math.ceil(endSeconds / interval - 1e-9) - 1;
        int perSheet = COLUMNS * COLUMNS;
        List<Sheet> sheets = new ArrayList<>();
        for (long tile = first, n = 0; tile <= last; tile += perSheet, n++) {
            double from = Math.max(startSeconds, tile * (double) interval);
            double to = Math.min(endSeconds, (tile + perSheet) * (double) interval);
            sheets.add(new Sheet(String.format(Locale.ROOT, "%s_%02d.jpg", prefix, n), from, to));
        }
        return sheets;
    }

    /**
     * The ffmpeg run that makes a part's sheets from frames it encoded already: {@code input} is a
     * rung of the part (the lowest, cheap to decode), starting at the part's start. A tile is the
     * first frame at or past each multiple of the interval on the video's timeline, so parts that
     * do not start on the interval grid (after a short first chunk) still place their tiles on it.
     */
    public static List<String> command(String ffmpeg, String input, double startSeconds, double endSeconds,
                                       int interval, int tileHeight, Path outputDir, String prefix) {
        List<Sheet> sheets = sheets(prefix, startSeconds, endSeconds, interval);
        int count = sheets.size() == 1 ? Math.max(1, tiles(startSeconds, endSeconds, interval)) : COLUMNS * COLUMNS;
        // a frame's time on the video's timeline, nudged past the rounding of 90 kHz timestamps
        String at = String.format(Locale.ROOT, "(%s-start_t+%.6f+0.0005)/%d", "%s", startSeconds, interval);
        boolean onGrid = (startSeconds + 0.0005) % interval < 0.001;
        String select = String.format(Locale.ROOT, "select='gt(floor(%s),floor(%s))+isnan(prev_t)*%d'",
                at.formatted("t"), at.formatted("prev_t"), onGrid ? 1 : 0);
        String filter = String.format(Locale.ROOT, "%s,scale=%d:%d,tile=%dx%d", select, TILE_WIDTH, tileHeight,
                Math.min(COLUMNS, count), (count + COLUMNS - 1) / COLUMNS);
        List<String> args = new ArrayList<>(List.of(ffmpeg, "-nostdin", "-hide_banner", "-nostats", "-y",
                "-loglevel", "error"));
        // every tile time is a keyframe of the rung (one every GOP_SECONDS from the part's start, which
        // is on that grid): only those are decoded, a tenth of the work for the same pictures
        boolean onKeyframes = interval % FfmpegCommand.GOP_SECONDS == 0
                && (startSeconds + 0.0005) % FfmpegCommand.GOP_SECONDS < 0.001;
        if (onKeyframes) {
            args.addAll(List.of("-skip_frame", "nokey"));
        }
        args.addAll(List.of("-i", input, "-an", "-vf", filter, "-fps_mode", "passthrough",
                "-frames:v", Integer.toString(sheets.size()), "-c:v", "mjpeg", "-q:v", "5", "-f", "image2",
                "-start_number", "0", outputDir.resolve(prefix + "_%02d.jpg").toString()));
        return List.copyOf(args);
    }

    /** The WebVTT file of all sheets, in order; the last cue ends at the video's end. */
    public static String vtt(List<Sheet> sheets, int interval, int tileHeight, double durationSeconds) {
        StringBuilder out = new StringBuilder("WEBVTT\n");
        List<Sheet> ordered = new ArrayList<>(sheets);
        ordered.sort(java.util.Comparator.comparingDouble(Sheet::startSeconds));
        for (Sheet sheet : ordered) {
            long first = (long) Math.ceil(sheet.startSeconds() / interval - 1e-9);
            int count = tiles(sheet.startSeconds(), sheet.endSeconds(), interval);
            for (int i = 0; i < count; i++) {
                double from = (first + i) * (double) interval;
                double to = Math.min(durationSeconds, from + interval);
                out.append('\n').append(time(from)).append(" --> ").append(time(to)).append('\n')
                        .append(sheet.url()).append("#xywh=").append(i % COLUMNS * TILE_WIDTH).append(',')
                        .append(i / COLUMNS * tileHeight).append(',').append(TILE_WIDTH).append(',')
                        .append(tileHeight).append('\n');
            }
        }
        return out.toString();
    }

    private static String time(double seconds) {
        long millis = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", millis / 3_600_000, millis / 60_000 % 60,
                millis / 1000 % 60, millis % 1000);
    }
}
