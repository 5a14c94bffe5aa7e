package io.aether.media;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A still image of the encoded video at a time and width, as {@code thumbnail.jpg?time=&width=}
 * asks for it: checked against the video, found in the one segment that holds the time, and cut
 * from it by one short ffmpeg run (a fast seek inside a 10 s segment, one frame).
 */
public record Thumbnail(double time, int width, Format format) {
    public static final int MIN_WIDTH = 16;
    public static final int MAX_WIDTH = 1920;
    public static final int DEFAULT_WIDTH = 640;

    public enum Format {
        JPEG("jpg", "image/jpeg"), WEBP("webp", "image/webp");

        private final String extension;
        private final String contentType;

        Format(String extension, String contentType) {
            this.extension = extension;
            this.contentType = contentType;
        }

        public String extension() {
            return extension;
        }

        public String contentType() {
            return contentType;
        }
    }

    /** What refuses a request, with the reason the client is told. */
    public static final class Refused extends Exception {
        public Refused(String reason) {
            super(reason);
        }
    }

    /** The segment holding the time, and where in it the frame is. */
    public record Cut(Playlists.Segment segment, double offset) {
    }

    /**
     * @param time seconds from the start; null: the poster, a third into what is playable
     * @param width pixels; null: {@link #DEFAULT_WIDTH}, never wider than the video
     * @param playableSeconds how much of the video is published (all of it once completed)
     */
    public static Thumbnail of(String extension, String time, String width, double playableSeconds, int videoWidth)
            throws Refused {
        Format format = switch (extension) {
            case "jpg", "jpeg" -> Format.JPEG;
            case "webp" -> Format.WEBP;
            default -> throw new Refused("thumbnails are .jpg or .webp, not ." + extension);
        };
        double at = time == null ? playableSeconds / 3 : number(time, "time");
        if (at < 0 || at >= playableSeconds) {
            throw new Refused(String.format(Locale.ROOT, "time must be from 0 to below %.3f seconds%s", playableSeconds,
                    " (the part of the video that is playable)"));
        }
        int w = width == null ? Math.min(DEFAULT_WIDTH, videoWidth) : (int) number(width, "width");
        if (width != null && (w != number(width, "width") || w < MIN_WIDTH || w > MAX_WIDTH)) {
            throw new Refused("width must be a whole number from " + MIN_WIDTH + " to " + MAX_WIDTH);
        }
        // an even width, as the encoders want; the cache key is the image as made
        return new Thumbnail(Math.round(at * 1000) / 1000.0, Math.max(MIN_WIDTH, w - w % 2), format);
    }

    private static double number(String text, String name) throws Refused {
        try {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new Refused(name + " must be a number, not " + text);
    }

    /** The name it is cached under in processed/, beside the video's other objects. */
    public String cacheName() {
        return String.format(Locale.ROOT, "thumbnails/%d-%d.%s", Math.round(time * 1000), width, format.extension());
    }

    /** The segment of the rung's playlist that holds the time. */
    public Cut find(List<Playlists.Segment> segments) throws Refused {
        double start = 0;
        for (Playlists.Segment s : segments) {
            if (time < start + s.seconds()) {
                return new Cut(s, time - start);
            }
            start += s.seconds();
        }
        throw new Refused(String.format(Locale.ROOT, "time must be below %.3f seconds", start));
    }

    /**
     * Decodes from the segment's start and keeps the frame at the offset: a seek before {@code -i}
     * finds no frame past a TS segment's last keyframe (ffmpeg 5.1), and a segment of the lowest
     * rung decodes in well under a second. WebP is written as a still image (image2), not the webp
     * muxer's animated file.
     */
    public List<String> command(String ffmpeg, Path segment, double offset, Path output) {
        List<String> encode = format == Format.JPEG ? List.of("-c:v", "mjpeg", "-q:v", "3", "-f", "image2")
                : List.of("-c:v", "libwebp", "-quality", "80", "-f", "image2");
        List<String> head = List.of(ffmpeg, "-nostdin", "-hide_banner", "-nostats", "-y", "-loglevel", "error",
                "-i", segment.toString(), "-ss", String.format(Locale.ROOT, "%.3f", offset), "-an", "-frames:v", "1",
                "-vf", "scale=" + width + ":-2");
        java.util.ArrayList<String> args = new java.util.ArrayList<>(head);
        args.addAll(encode);
        args.add(output.toString());
        return List.copyOf(args);
    }
}
