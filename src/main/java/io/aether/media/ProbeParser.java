package io.aether.media;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the output of {@code ffprobe -v error -print_format json -show_format -show_streams}.
 * ffprobe prints most numbers as strings and "N/A" for unknowns, so every field is read leniently.
 */
public final class ProbeParser {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final double DEFAULT_FPS = 30.0;

    private ProbeParser() {
    }

    public static ProbeResult parse(String ffprobeJson) throws InvalidMediaException {
        JsonNode root = readTree(ffprobeJson);
        JsonNode video = null;
        boolean hasAudio = false;
        for (JsonNode stream : root.path("streams")) {
            String type = stream.path("codec_type").asText();
            if ("audio".equals(type)) {
                hasAudio = true;
            } else if ("video".equals(type) && video == null && !isAttachedPicture(stream)) {
                video = stream;
            }
        }
        if (video == null) {
            throw new InvalidMediaException("input has no video stream");
        }

        int width = video.path("width").asInt(0);
        int height = video.path("height").asInt(0);
        if (width <= 0 || height <= 0) {
            throw new InvalidMediaException("video stream has no usable size: " + width + "x" + height);
        }

        double duration = positive(root.path("format").path("duration"));
        if (Double.isNaN(duration)) {
            duration = positive(video.path("duration"));
        }
        if (Double.isNaN(duration)) {
            throw new InvalidMediaException("input has no duration");
        }

        double fps = rate(video.path("avg_frame_rate"));
        if (Double.isNaN(fps)) {
            fps = rate(video.path("r_frame_rate"));
        }
        if (Double.isNaN(fps)) {
            fps = DEFAULT_FPS;
        }

        return new ProbeResult(duration, width, height, rotation(video), hasAudio, fps, headerComplete(root.path("format")),
                pictureEnd(root.path("format"), video));
    }

    /**
     * Where the picture ends on the container's timeline: the video stream's own duration, from its
     * start (a stream may start after the container does). Matroska gives a stream's length only in its
     * DURATION tag, when the muxer wrote one (OBS does, a browser's MediaRecorder does not); with
     * neither, NaN, and the picture counts as long as the container.
     */
    private static double pictureEnd(JsonNode format, JsonNode video) {
        double length = positive(video.path("duration"));
        if (Double.isNaN(length)) {
            length = clock(video.path("tags").path("DURATION").asText(""));
        }
        double start = number(video.path("start_time"));
        double origin = number(format.path("start_time"));
        return Double.isNaN(start) || Double.isNaN(origin) ? length : length + Math.max(0, start - origin);
    }

    /**
     * Containers whose header carries every stream's parameters (MP4/MOV's moov, Matroska's tracks),
     * starting at 0: without the start ffmpeg finds by probing, a seek in any other (an MPEG-TS at
     * 1.4 s, or a broadcast capture hours in) would land elsewhere.
     */
    private static boolean headerComplete(JsonNode format) {
        String name = format.path("format_name").asText("");
        boolean described = name.startsWith("mov,mp4") || name.startsWith("matroska");
        return described && Math.abs(number(format.path("start_time"))) < 0.0005;
    }

    private static JsonNode readTree(String json) throws InvalidMediaException {
        if (json == null || json.isBlank()) {
            throw new InvalidMediaException("ffprobe output is empty");
        }
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || !root.isObject()) {
                throw new InvalidMediaException("ffprobe output is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new InvalidMediaException("ffprobe output is not valid JSON", e);
        }
    }

    // Cover art in mp4/mp3 shows up as a one-frame "video" stream.
    private static boolean isAttachedPicture(JsonNode stream) {
        return stream.path("disposition").path("attached_pic").asInt(0) == 1;
    }

    /** A strictly positive finite number, or NaN. */
    private static double positive(JsonNode node) {
        double v = number(node);
        return v > 0 ? v : Double.NaN;
    }

    private static double number(JsonNode node) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (!node.isTextual()) {
            return Double.NaN;
        }
        try {
            double v = Double.parseDouble(node.asText().trim());
            return Double.isFinite(v) ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** "00:01:02.250000000" as seconds; anything else NaN. */
    private static double clock(String text) {
        String[] parts = text.trim().split(":");
        if (parts.length != 3) {
            return Double.NaN;
        }
        try {
            double v = Integer.parseInt(parts[0]) * 3600.0 + Integer.parseInt(parts[1]) * 60 + Double.parseDouble(parts[2]);
            return v > 0 && Double.isFinite(v) ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Parses "30000/1001" or "25"; "0/0" and junk give NaN. */
    private static double rate(JsonNode node) {
        String text = node.asText("").trim();
        int slash = text.indexOf('/');
        if (slash < 0) {
            return positive(node);
        }
        try {
            double num = Double.parseDouble(text.substring(0, slash));
            double den = Double.parseDouble(text.substring(slash + 1));
            double v = num / den;
            return den > 0 && v > 0 && Double.isFinite(v) ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /*
     * Older ffprobe reports tags.rotate; newer only the display-matrix side data. Their sign
     * conventions differ, but callers only need to know whether width and height swap.
     */
    private static int rotation(JsonNode video) {
        double raw = number(video.path("tags").path("rotate"));
        if (Double.isNaN(raw)) {
            for (JsonNode side : video.path("side_data_list")) {
                raw = number(side.path("rotation"));
                if (!Double.isNaN(raw)) {
                    break;
                }
            }
        }
        if (Double.isNaN(raw)) {
            return 0;
        }
        long quarter = Math.round(raw / 90.0);
        return (int) (((quarter % 4) + 4) % 4) * 90;
    }
}
