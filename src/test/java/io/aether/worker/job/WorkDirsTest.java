package io.aether.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A starting worker removes the temp directories of workers that are gone, and only those. */
class WorkDirsTest {
    @TempDir
    Path root;

    @Test
    void directoriesOfDeadOwnersGoAndLiveOnesStay() throws Exception {
        WorkDirs dirs = new WorkDirs(root);
        Path mine = dirs.create("video-a");
        Files.write(mine.resolve("out").resolve("0_00000.ts"), new byte[1000]);

        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path orphan = dirs.create("video-b");
        Files.writeString(orphan.resolve("owner"), gone.pid() + " " + Instant.now());
        Files.write(orphan.resolve("source"), new byte[1000]);

        // a live pid with another start time is a reused pid: its directory is an orphan too
        Path reused = dirs.create("video-c");
        Files.writeString(reused.resolve("owner"), ProcessHandle.current().pid() + " 2001-01-01T00:00:00Z");

        Path beingMade = Files.createDirectories(root.resolve("video-d-new"));
        Path oldUnowned = Files.createDirectories(root.resolve("video-e-old"));
        Files.setLastModifiedTime(oldUnowned, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

        assertEquals(3, dirs.sweep());
        assertTrue(Files.exists(mine.resolve("out").resolve("0_00000.ts")), "a live job's files stay");
        assertTrue(Files.exists(beingMade), "a directory just made may not have its owner file yet");
        assertFalse(Files.exists(orphan));
        assertFalse(Files.exists(reused));
        assertFalse(Files.exists(oldUnowned));
    }

    @Test
    void aMissingWorkDirIsNothingToSweep() {
        assertEquals(0, new WorkDirs(root.resolve("not-there")).sweep());
    }
}
