package io.aether.worker.chunked;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import io.aether.media.ChunkPlan;
import io.aether.media.PartSlots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which chunk encodes run on a worker, and how far each is by its ffmpeg -progress file. */
class ChunkRunsTest {
    /** 30 s at 30 fps: 2 s, then 10, 10 and 8. */
    private static final ChunkPlan PLAN = ChunkPlan.plan(30, 30, 10, 1, 20, 2);

    @TempDir
    Path dir;

    private final ChunkRuns runs = new ChunkRuns(PartSlots.of(0, 2));

    @Test
    void aChunkAloneTakesBothCoresAndTheNextOneItsShare() {
        assertEquals(2, runs.start("a", PLAN.chunks().get(1), dir.resolve("a.txt"), false), "alone, no progress yet");
        assertEquals(1, runs.start("b", PLAN.chunks().get(2), dir.resolve("b.txt"), false), "beside a run just begun");
        runs.ended("a");
        runs.ended("b");
        assertEquals(2, runs.start("a", PLAN.chunks().get(3), dir.resolve("c.txt"), false), "both ended");
    }

    @Test
    void theTailTakesBothCoresWhenTheRunBesideItIsNearlyDone() throws Exception {
        Path progress = dir.resolve("b.txt");
        runs.start("a", PLAN.chunks().get(1), dir.resolve("a.txt"), false);
        runs.start("b", PLAN.chunks().get(2), progress, false);
        runs.ended("a");
        // ffmpeg appends a block about twice a second; the last frame= is how far it is
        Files.writeString(progress, "frame=120\nfps=30.0\nprogress=continue\nframe=255\nfps=30.0\nprogress=continue\n");
        assertEquals(255, ChunkRuns.framesDone(progress));
        assertEquals(2, runs.start("a", PLAN.chunks().get(3), dir.resolve("c.txt"), false),
                "1.5 s of 10 left beside an 8 s chunk");
    }

    @Test
    void withJobsWaitingTheTailTakesItsShareOnly() throws Exception {
        Path progress = dir.resolve("b.txt");
        runs.start("b", PLAN.chunks().get(2), progress, true);
        Files.writeString(progress, "frame=255\nprogress=continue\n");
        assertEquals(1, runs.start("a", PLAN.chunks().get(3), dir.resolve("c.txt"), true),
                "1.5 s of 10 left, but the slot that frees takes a waiting job at once");
        runs.ended("a");
        runs.ended("b");
        assertEquals(1, runs.start("a", PLAN.chunks().get(1), dir.resolve("a.txt"), true), "alone too");
    }

    @Test
    void aRunWithMuchLeftKeepsItsCore() throws Exception {
        Path progress = dir.resolve("b.txt");
        runs.start("b", PLAN.chunks().get(2), progress, false);
        Files.writeString(progress, "frame=90\nprogress=continue\n");
        assertEquals(1, runs.start("a", PLAN.chunks().get(3), dir.resolve("c.txt"), false), "7 s of 10 left");
        assertEquals(1, runs.start("a", PLAN.chunks().get(3), dir.resolve("c.txt"), false),
                "a slot starting again replaces its own run, not counting it beside itself");
    }

    @Test
    void noFileOrNoFrameYetIsNothingDone() throws Exception {
        assertEquals(0, ChunkRuns.framesDone(dir.resolve("missing.txt")));
        Path progress = dir.resolve("p.txt");
        Files.writeString(progress, "fps=0.00\nprogress=continue\n");
        assertEquals(0, ChunkRuns.framesDone(progress));
    }

    @Test
    void aRunThatEndedBeforeItsLastFrameIsShort() throws Exception {
        Path progress = dir.resolve("p.txt");
        ChunkPlan.Chunk chunk = PLAN.chunks().get(1);
        Files.writeString(progress, "frame=120\nprogress=continue\nframe=161\nprogress=end\n");
        assertEquals("ffmpeg wrote 161 of chunk 1's 300 frames", ChunkRuns.shortOf(PLAN, chunk, progress));
        Files.writeString(progress, "frame=120\nprogress=continue\nframe=300\nprogress=end\n");
        assertEquals(null, ChunkRuns.shortOf(PLAN, chunk, progress));
    }

    @Test
    void theLastChunkMayEndBeforeTheContainersDuration() throws Exception {
        // the plan counts the container's duration; a video stream a little shorter ends the last chunk early
        Path progress = dir.resolve("p.txt");
        ChunkPlan.Chunk last = PLAN.chunks().get(PLAN.chunks().size() - 1);
        Files.writeString(progress, "frame=" + (last.frames() - 30) + "\nprogress=end\n");
        assertEquals(null, ChunkRuns.shortOf(PLAN, last, progress));
    }
}
