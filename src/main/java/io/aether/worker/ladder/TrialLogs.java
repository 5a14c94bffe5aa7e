package io.aether.worker.ladder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.media.InvalidMediaException;
import io.aether.media.SampleDensity;
import io.aether.media.TrialCommand;
import io.aether.media.VmafLog;

/** Reads what a trial left in the trials' directory (TrialCommand.encoded and scored). */
final class TrialLogs {
    private TrialLogs() {
    }

    /**
     * One trial: its bits as the real encode would have them, its frames' VMAF mean, and their spread
     * (from which the measurement's sampling is decided: docs/quality.md, Density).
     */
    static TrialPlan.Point point(Path dir, int fps, int rung, double crf) throws IOException, InvalidMediaException {
        double kbps;
        try {
            kbps = TrialCommand.kbps(Files.readAllBytes(TrialCommand.encoded(dir, rung, crf)), fps);
        } catch (IllegalArgumentException e) {
            throw new InvalidMediaException(e.getMessage());
        }
        List<Double> scores = scores(Files.readString(TrialCommand.scored(dir, rung, crf)));
        double mean = scores.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return new TrialPlan.Point(Math.max(1, kbps), mean, SampleDensity.spread(scores));
    }

    /** The frames' VMAF in a libvmaf JSON log but the first (scored with no motion: VmafLog.scored). */
    static List<Double> scores(String json) throws InvalidMediaException {
        List<Double> scores = new ArrayList<>();
        for (JsonNode frame : VmafLog.scored(json)) {
            JsonNode v = frame.path("metrics").get("vmaf");
            if (v == null || !v.isNumber()) {
                throw new InvalidMediaException("a frame of the VMAF log has no vmaf score");
            }
            scores.add(v.asDouble());
        }
        return scores;
    }
}
