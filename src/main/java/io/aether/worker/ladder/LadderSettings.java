package io.aether.worker.ladder;

import java.util.List;

import io.aether.media.TrialCommand;

/**
 * How the worker chooses a video's ladder (docs/ladder.md).
 *
 * @param ladder the deployment's default, {@code per-title} or {@code fixed}; an upload may ask either
 * @param qualityFfmpeg the ffmpeg with libvmaf that runs the trials; empty when there is none
 * @param targets the rungs' VMAF targets, highest rung first; a rung past the list gets the last
 * @param capsKbps the rungs' bitrate caps (maxrate), highest first; a rung past the list gets the last
 * @param maxCrf the highest CRF any rung gets, however easy the source
 * @param minGainPerMbps where a rung's target is out of reach, the VMAF points one more Mb/s must still buy
 */
public record LadderSettings(String ladder, String qualityFfmpeg, List<Double> targets, List<Integer> capsKbps,
                             TrialCommand.Sampling sampling, double maxCrf, double minGainPerMbps) {
    public static final String PER_TITLE = io.aether.media.LadderChoice.PER_TITLE;
    public static final String FIXED = io.aether.media.LadderChoice.FIXED;
    /** Below this CRF x264 spends bits no viewer sees; above the highest trial is never extrapolated. */
    static final double MIN_CRF = 16;
    /** Two rungs closer than this (about a third of a just-noticeable difference) are one too many. */
    static final double MIN_GAIN = 2;
    /**
     * VMAF points the trials read below the real encode of the same CRF (docs/ladder.md, "The trials
     * against the real encode"): 0.6-2.3 on the corpus where a rung met its target; 1 keeps that range
     * within the 1.5-point tolerance of the target.
     */
    static final double TRIAL_BIAS = 1;
    /** VBV buffer as a multiple of the cap, as the fixed ladder's: peaks held within about 1.5 s. */
    static final double BUFFER = 1.5;

    public LadderSettings {
        ladder = valid(ladder, "AETHER_LADDER");
        if (targets.isEmpty() || capsKbps.isEmpty()) {
            throw new IllegalArgumentException("AETHER_LADDER_TARGETS and AETHER_LADDER_CAPS_KBPS need a value each");
        }
        if (!(maxCrf > MIN_CRF) || minGainPerMbps < 0) {
            throw new IllegalArgumentException("AETHER_LADDER_MAX_CRF must be above " + MIN_CRF
                    + " and AETHER_LADDER_MIN_GAIN_PER_MBPS not negative");
        }
        targets = List.copyOf(targets);
        capsKbps = List.copyOf(capsKbps);
    }

    /** {@code per-title} or {@code fixed}; anything else is refused, named by where it came from. */
    public static String valid(String value, String where) {
        if (io.aether.media.LadderChoice.valid(value)) {
            return value;
        }
        throw new IllegalArgumentException(where + " must be per-title or fixed, not '" + value + "'");
    }

    double target(int rung) {
        return targets.get(Math.min(rung, targets.size() - 1));
    }

    int cap(int rung) {
        return capsKbps.get(Math.min(rung, capsKbps.size() - 1));
    }
}
