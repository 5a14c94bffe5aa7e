package io.aether.worker.chunked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.aether.media.ChunkCommand;
import io.aether.media.ChunkPlan;
import io.aether.media.LadderPlanner;
import io.aether.media.Rendition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chunks past a picture that ends before its sound, run by ffmpeg: whole, so the video completes; and
 * the guard against a read that ends early still tells one whose picture stopped seconds short.
 */
class HeldChunksTest {
    private static final List<Rendition> RUNG = new LadderPlanner().plan(320, 180);
    /** 34 s of sound, 11 s of picture: 2 s, then 10, 10, 10 and 2 s. */
    private static final ChunkPlan PLAN = ChunkPlan.plan(34, 30, 10, 1, 20, 2, false, 11);

    @TempDir
    static Path clips;

    @TempDir
    Path dir;

    private static Path recording;
    private static Path cutShort;

    @BeforeAll
    static void sources() throws Exception {
        recording = clip("recording.mp4", 11);
        // what a chunk reads when its connection closes 3 s before the picture's end
        cutShort = clip("cut-short.mp4", 8);
    }

    @Test
    void theChunkThePictureEndsInAndTheOnesPastItAreWhole() throws Exception {
        for (int index : List.of(1, 2, 3)) {
            ChunkPlan.Chunk chunk = PLAN.chunks().get(index);
            Path progress = run(recording, chunk);
            assertEquals(chunk.frames(), ChunkRuns.framesDone(progress), "chunk " + index);
            assertNull(ChunkRuns.shortOf(PLAN, chunk, progress));
        }
    }

    @Test
    void aReadThatEndsSecondsBeforeThePicturesEndIsStillShort() throws Exception {
        ChunkPlan.Chunk chunk = PLAN.chunks().get(1);
        // 6 s of picture, the 1 s held and half a second more: 225 of 300
        assertEquals("ffmpeg wrote 225 of chunk 1's 300 frames", ChunkRuns.shortOf(PLAN, chunk, run(cutShort, chunk)));
    }

    private Path run(Path source, ChunkPlan.Chunk chunk) throws Exception {
        Path out = Files.createDirectories(dir.resolve("out-" + chunk.index()));
        Path progress = dir.resolve("progress-" + chunk.index() + ".txt");
        exec(ChunkCommand.video("ffmpeg", source.toString(), out, progress, PLAN, chunk, RUNG, 10, "ultrafast", 1,
                null));
        return progress;
    }

    private static Path clip(String name, int pictureSeconds) throws Exception {
        Path out = clips.resolve(name);
        exec(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30:duration=" + pictureSeconds,
                "-f", "lavfi", "-i", "sine=duration=34", "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p", "-c:a", "aac", out.toString()));
        return out;
    }

    private static void exec(List<String> command) throws Exception {
        java.io.File log = java.io.File.createTempFile("held-chunks", ".log");
        log.deleteOnExit();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!process.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("ffmpeg hung: " + command);
        }
        assertEquals(0, process.exitValue(), Files.readString(log.toPath()));
    }
}
