package io.aether.media;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;

/**
 * Reads the per-frame JSON log of ffmpeg's libvmaf filter (run with
 * {@code feature=name=psnr|name=float_ssim}) into a {@link QualityPool}. Per-frame, not the log's
 * own pooled figures, because parts of one video are pooled together later.
 */
public final class VmafLog {
    private VmafLog() {
    }

    public static QualityPool read(String json) throws InvalidMediaException {
        JsonNode frames;
        try {
            frames = Json.MAPPER.readTree(json).path("frames");
        } catch (Exception e) {
            throw new InvalidMediaException("the VMAF log is not JSON: " + e.getMessage());
        }
        if (!frames.isArray() || frames.isEmpty()) {
            throw new InvalidMediaException("the VMAF log scored no frame");
        }
        QualityPool pool = new QualityPool();
        for (JsonNode frame : frames) {
            JsonNode m = frame.path("metrics");
            pool.add(number(m, "vmaf"), number(m, "psnr_y"), number(m, "float_ssim"));
        }
        return pool;
    }

    private static double number(JsonNode metrics, String name) throws InvalidMediaException {
        JsonNode value = metrics.get(name);
        if (value == null || !value.isNumber()) {
            throw new InvalidMediaException("the VMAF log has no " + name + " for a frame (was the filter run with"
                    + " feature=name=psnr|name=float_ssim?)");
        }
        return value.asDouble();
    }
}
