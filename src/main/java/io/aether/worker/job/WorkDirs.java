package io.aether.worker.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-job temp directories under the work dir. Each names the process that owns it, so a
 * starting worker can remove what a killed one left behind, even with other workers sharing the
 * same work dir on the host.
 */
public final class WorkDirs {
    private static final Logger LOG = LoggerFactory.getLogger(WorkDirs.class);
    private static final String OWNER = "owner";
    /** A directory is made before its owner file; one this old without it was never finished. */
    private static final Duration UNOWNED_GRACE = Duration.ofMinutes(1);

    private final Path root;

    public WorkDirs(Path root) {
        this.root = root;
    }

    /** A fresh directory for one attempt at a video, with an empty out/ for ffmpeg. */
    public Path create(String videoId) throws IOException {
        Path dir = root.resolve(videoId + "-" + UUID.randomUUID());
        Files.createDirectories(dir.resolve("out"));
        ProcessHandle self = ProcessHandle.current();
        Files.writeString(dir.resolve(OWNER), self.pid() + " " + started(self).map(Instant::toString).orElse(""),
                StandardCharsets.UTF_8);
        return dir;
    }

    /** Removes every directory whose owner process is gone; returns how many. */
    public int sweep() {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                if (!ownerAlive(dir)) {
                    remove(dir);
                    removed++;
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not sweep the work dir {}: {}", root, e.toString());
        }
        if (removed > 0) {
            LOG.info("Removed {} work directories left by workers that are gone", removed);
        }
        return removed;
    }

    public static void remove(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", dir, e.toString());
        }
    }

    private static boolean ownerAlive(Path dir) throws IOException {
        Path owner = dir.resolve(OWNER);
        if (!Files.exists(owner)) {
            return Files.getLastModifiedTime(dir).toInstant().isAfter(Instant.now().minus(UNOWNED_GRACE));
        }
        List<String> words = List.of(Files.readString(owner, StandardCharsets.UTF_8).trim().split(" "));
        long pid;
        try {
            pid = Long.parseLong(words.get(0));
        } catch (NumberFormatException e) {
            return false;
        }
        String startedAt = words.size() > 1 ? words.get(1) : "";
        // a pid is reused after its process ends; its start time tells the two apart
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(p -> startedAt.isEmpty() || started(p).map(Instant::toString).orElse("").equals(startedAt))
                .orElse(false);
    }

    private static Optional<Instant> started(ProcessHandle process) {
        return process.info().startInstant();
    }
}
