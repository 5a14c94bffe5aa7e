package io.aether.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command-line tool with an argument list and returns what it printed; finds the measuring ffmpeg. */
public final class Tools {
    private Tools() {
    }

    public static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException(command.get(0) + " failed: " + output);
        }
        return output;
    }

    /** The pinned ffmpeg with libvmaf: scripts/ffmpeg-vmaf installs it once and prints its path. */
    public static String vmafFfmpeg() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("scripts/ffmpeg-vmaf").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String path = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0 || path.isEmpty()) {
            throw new IOException("scripts/ffmpeg-vmaf could not install the ffmpeg with libvmaf");
        }
        return path;
    }
}
