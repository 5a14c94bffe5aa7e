package io.aether.media;

/**
 * How a rung's video is encoded. {@code abr}: the fixed ladder's average bitrate ({@code -b:v}).
 * {@code capped-crf}: x264 constant quality at {@code crf}, its peaks held under {@code maxrateKbps}
 * by the VBV, chosen from trial encodes so the rung reaches {@code targetVmaf}; {@code capped} when the
 * cap or the lowest CRF allowed, not the target, decided its quality.
 */
public record Encoding(String mode, Double crf, Double targetVmaf, int maxrateKbps, boolean capped) {
    public static final String ABR = "abr";
    public static final String CAPPED_CRF = "capped-crf";

    public static Encoding abr(int maxrateKbps) {
        return new Encoding(ABR, null, null, maxrateKbps, false);
    }

    public static Encoding cappedCrf(double crf, double targetVmaf, int maxrateKbps, boolean capped) {
        return new Encoding(CAPPED_CRF, crf, targetVmaf, maxrateKbps, capped);
    }

    public boolean constantQuality() {
        return CAPPED_CRF.equals(mode);
    }
}
