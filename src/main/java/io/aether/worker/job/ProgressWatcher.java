package io.aether.worker.job;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.function.IntConsumer;

import io.aether.media.ProgressParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tails the file ffmpeg writes with -progress while camel-exec waits for ffmpeg to end. */
public final class ProgressWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressWatcher.class);
    private static final long POLL_MS = 250;

    private final Path file;
    private final ProgressParser parser;
    private final IntConsumer onPercent;
    private final Thread thread;
    private volatile boolean stopping;
    private int last = -1;

    public ProgressWatcher(Path file, double durationSeconds, IntConsumer onPercent) {
        this.file = file;
        this.parser = new ProgressParser(durationSeconds);
        this.onPercent = onPercent;
        this.thread = new Thread(this::run, "ffmpeg-progress");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (!Files.exists(file)) {
                if (stopping) {
                    return;
                }
                Thread.sleep(POLL_MS);
            }
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                while (true) {
                    String line = reader.readLine();
                    if (line != null) {
                        report(parser.accept(line));
                    } else if (stopping) {
                        return;
                    } else {
                        Thread.sleep(POLL_MS);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Progress of {} is no longer read: {}", file, e.toString());
        }
    }

    private void report(OptionalInt percent) {
        if (percent.isPresent() && percent.getAsInt() != last) {
            last = percent.getAsInt();
            try {
                onPercent.accept(last);
            } catch (RuntimeException e) {
                // progress is advisory: a Redis blip must not stop the transcode
                LOG.debug("Progress update failed: {}", e.toString());
            }
        }
    }

    /** Reads what is left in the file, then stops. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(5000);
    }
}
