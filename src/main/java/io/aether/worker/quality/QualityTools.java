package io.aether.worker.quality;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which ffmpeg measures, found once at the worker's start: the configured one if it has the libvmaf
 * filter; else one that still has psnr and ssim (the configured one, or the encoding ffmpeg), with
 * the reason VMAF is missing, which the record then shows.
 *
 * @param ffmpeg the binary the measure runs use
 * @param vmaf whether it has libvmaf
 * @param reason why there is no VMAF ("" when there is)
 */
public record QualityTools(String ffmpeg, boolean vmaf, String reason) {
    private static final Logger LOG = LoggerFactory.getLogger(QualityTools.class);
    /** Where scripts/ffmpeg-vmaf installs its pinned build by default. */
    static final String INSTALLED = "ffmpeg-n9.0.2/ffmpeg";

    /** The setting, else the installed build where scripts/ffmpeg-vmaf puts it, else "". */
    public static String configured(String setting, String toolsDir) {
        if (!setting.isEmpty()) {
            return setting;
        }
        Path installed = Path.of(toolsDir).resolve(INSTALLED);
        return Files.isExecutable(installed) ? installed.toString() : "";
    }

    /** The tools dir of scripts/ffmpeg-vmaf: AETHER_TOOLS_DIR, else ~/.cache/aether. */
    public static String toolsDir() {
        String dir = System.getenv("AETHER_TOOLS_DIR");
        return dir == null || dir.isEmpty() ? Path.of(System.getProperty("user.home"), ".cache", "aether").toString()
                : dir;
    }

    public static QualityTools find(QualitySettings settings, String encodingFfmpeg) {
        QualityTools found = decide(settings, encodingFfmpeg);
        if (found.vmaf()) {
            LOG.info("Quality: measuring VMAF, PSNR and SSIM with {} (every {} frames)", found.ffmpeg(),
                    settings.sampleEvery());
        } else {
            LOG.warn("Quality: no VMAF ({}); PSNR and SSIM measured with {}", found.reason(), found.ffmpeg());
        }
        return found;
    }

    private static QualityTools decide(QualitySettings settings, String encodingFfmpeg) {
        if (!settings.measure()) {
            return new QualityTools(encodingFfmpeg, false, "measurement turned off");
        }
        if (settings.ffmpeg().isEmpty()) {
            return new QualityTools(encodingFfmpeg, false,
                    "no ffmpeg with libvmaf configured (AETHER_QUALITY_FFMPEG; scripts/ffmpeg-vmaf installs one)");
        }
        String filters;
        try {
            filters = filters(settings.ffmpeg());
        } catch (IOException e) {
            return new QualityTools(encodingFfmpeg, false, settings.ffmpeg() + " does not run: " + e.getMessage());
        }
        if (filters.contains(" libvmaf ")) {
            return new QualityTools(settings.ffmpeg(), true, "");
        }
        String measuring = filters.contains(" psnr ") && filters.contains(" ssim ") ? settings.ffmpeg() : encodingFfmpeg;
        return new QualityTools(measuring, false, "the worker's ffmpeg has no libvmaf filter");
    }

    /** {@code ffmpeg -filters}: one line per filter, its name between spaces. */
    static String filters(String ffmpeg) throws IOException {
        Process process = new ProcessBuilder(List.of(ffmpeg, "-hide_banner", "-filters"))
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("'-filters' did not end well");
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            process.destroyForcibly();
        }
    }
}
