package io.aether.media;

/**
 * One rung of an HLS ladder; bitrates are in kbit/s. {@code encoding} null means the fixed ladder's
 * ABR at {@code videoKbps} (and what a plan saved before per-title ladders existed reads as).
 */
public record Rendition(String name, int width, int height, int videoKbps, int maxrateKbps,
                        int bufsizeKbps, int audioKbps, Encoding encoding) {

    public Rendition(String name, int width, int height, int videoKbps, int maxrateKbps, int bufsizeKbps,
                     int audioKbps) {
        this(name, width, height, videoKbps, maxrateKbps, bufsizeKbps, audioKbps, null);
    }

    /** What the record and the API show of how the rung is encoded. */
    public Encoding encodingOrAbr() {
        return encoding == null ? Encoding.abr(maxrateKbps) : encoding;
    }

    /** This rung encoded at a capped CRF, its cap and VBV buffer given (the average is then whatever it takes). */
    public Rendition cappedCrf(double crf, double targetVmaf, int capKbps, int bufsize, boolean capped) {
        return new Rendition(name, width, height, capKbps, capKbps, bufsize, audioKbps,
                Encoding.cappedCrf(crf, targetVmaf, capKbps, capped));
    }
}
