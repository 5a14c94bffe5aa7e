package io.aether.media;

/** One rung of an HLS ladder; bitrates are in kbit/s. */
public record Rendition(String name, int width, int height, int videoKbps, int maxrateKbps,
                        int bufsizeKbps, int audioKbps) {
}
