package io.aether.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The resident memory of a process and all its descendants (a worker and its ffmpegs and ffprobes),
 * summed from /proc every 50 ms until closed; keeps the peak sum. Shared pages (ffmpeg's libraries)
 * count once per process, so the sum is an upper bound, as a container's memory limit would see it
 * roughly.
 */
final class TreeRss implements AutoCloseable {
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    TreeRss(long pid) {
        thread = new Thread(() -> {
            while (running) {
                ProcessHandle.of(pid).ifPresent(root -> peak.accumulateAndGet(sum(root), Math::max));
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "tree-rss");
        thread.setDaemon(true);
        thread.start();
    }

    static long sum(ProcessHandle root) {
        List<ProcessHandle> all = Stream.concat(Stream.of(root), root.descendants()).toList();
        long total = 0;
        for (ProcessHandle process : all) {
            total += rss(process.pid());
        }
        return total;
    }

    /** VmRSS in bytes; 0 for a process that has just ended. */
    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
        return 0;
    }

    long peak() {
        return peak.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(1000);
    }
}
