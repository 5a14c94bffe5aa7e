package io.aether.media;

/**
 * What a viewer gets from one rendition, measured against the source at the source's display size:
 * VMAF pooled mean, 5th percentile and minimum (with the model that scored it), luma PSNR in dB and
 * SSIM, over {@code frames} frames.
 */
public record Quality(String model, double vmafMean, double vmafP5, double vmafMin, double psnr, double ssim,
                      long frames) {
}
