package io.aether.media;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the per-frame JSON log of ffmpeg's libvmaf filter (run with
 * {@code feature=name=psnr|name=float_ssim}) into a {@link QualityPool}. Per-frame, not the log's
 * own pooled figures, because parts of one video are pooled together later.
 */
public final class VmafLog {
    private VmafLog() {
    }

    public static QualityPool read(String json) throws InvalidMediaException {
        QualityPool pool = new QualityPool();
        for (JsonNode frame : scored(json)) {
            JsonNode m = frame.path("metrics");
            pool.add(number(m, "vmaf"), number(m, "psnr_y"), number(m, "float_ssim"));
        }
        return pool;
    }

    /** The VMAF of the log's {@link #scored} frames, in order: a log of VMAF alone (the trials') will do. */
    public static List<Double> vmaf(String json) throws InvalidMediaException {
        List<Double> scores = new ArrayList<>();
        for (JsonNode frame : scored(json)) {
            scores.add(number(frame.path("metrics"), "vmaf"));
        }
        return scores;
    }

    /**
     * The log's frames but its first, unless that is the only one. libvmaf scores the first frame's
     * motion against no frame before it (0), and VMAF reads far low there on moving content: a
     * scrolling automaton's first frame 68 where every other read 100. Over a whole video that is one
     * frame in thousands; over a chunk's sampled pairs one in ten, and the trials' one in seven:
     * records read 3 points low, and the trials chose lower CRFs than the target needed.
     */
    public static List<JsonNode> scored(String json) throws InvalidMediaException {
        JsonNode frames;
        try {
            frames = Json.MAPPER.readTree(json).path("frames");
        } catch (Exception e) {
            throw new InvalidMediaException("the VMAF log is not JSON: " + e.getMessage());
        }
        if (!frames.isArray() || frames.isEmpty()) {
            throw new InvalidMediaException("the VMAF log scored no frame");
        }
        List<JsonNode> scored = new ArrayList<>();
        frames.forEach(scored::add);
        return scored.size() > 1 ? scored.subList(1, scored.size()) : scored;
    }

    private static double number(JsonNode metrics, String name) throws InvalidMediaException {
        JsonNode value = metrics.get(name);
        if (value == null || !value.isNumber()) {
            throw new InvalidMediaException("the VMAF log has no " + name + " for a frame" + (name.equals("vmaf") ? ""
                    : " (was the filter run with feature=name=psnr|name=float_ssim?)"));
        }
        return value.asDouble();
    }
}
