package io.aether.worker.ladder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        List<Double> scores = VmafLog.vmaf(Files.readString(TrialCommand.scored(dir, rung, crf)));
        double mean = scores.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return new TrialPlan.Point(Math.max(1, kbps), mean, SampleDensity.spread(scores));
    }
}
