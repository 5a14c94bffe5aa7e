package io.aether.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** The API process as /proc sees it: CPU time (user + system) and resident memory. */
final class ProcStat {
    /** USER_HZ: Linux reports CPU times in these ticks, 100 on every common architecture. */
    private static final double TICKS_PER_SECOND = 100;

    private final Path stat;
    private final Path status;

    ProcStat(long pid) {
        stat = Path.of("/proc", Long.toString(pid), "stat");
        status = Path.of("/proc", Long.toString(pid), "status");
    }

    double cpuSeconds() throws IOException {
        String line = Files.readString(stat);
        // the command name (field 2) may hold spaces: count from after its closing parenthesis
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) / TICKS_PER_SECOND;
    }

    /** CPU time of the children the process has waited for (its ffmpeg runs, once ended), user + system. */
    double childCpuSeconds() throws IOException {
        String line = Files.readString(stat);
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / TICKS_PER_SECOND;
    }

    long rss() throws IOException {
        return field("VmRSS:");
    }

    long highWaterMark() throws IOException {
        return field("VmHWM:");
    }

    private long field(String name) throws IOException {
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]) * 1024;
            }
        }
        throw new IOException(name + " not in " + status);
    }

    RssSampler sample() throws IOException {
        return new RssSampler();
    }

    /** Samples the resident set every 20 ms until closed. */
    final class RssSampler implements AutoCloseable {
        private final AtomicLong peak = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        private RssSampler() throws IOException {
            peak.set(rss());
            thread = new Thread(() -> {
                while (running) {
                    try {
                        peak.accumulateAndGet(rss(), Math::max);
                        Thread.sleep(20);
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "rss-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        long peak() {
            return peak.get();
        }

        @Override
        public void close() {
            running = false;
        }
    }
}
