package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ChunkPlanTest {

    @Test
    void shortSourcesKeepTheSinglePass() {
        assertFalse(ChunkPlan.plan(120, 30, 10, 6, 0).chunked(), "up to two chunks' worth: single pass");
        assertTrue(ChunkPlan.plan(120.1, 30, 10, 6, 0).chunked());
        assertFalse(ChunkPlan.plan(45, 30, 10, 1, 60).chunked(), "an explicit threshold");
    }

    @Test
    void theFirstChunkIsOneSegmentAndTheRestWholeChunksOnTheSegmentGrid() {
        ChunkPlan plan = ChunkPlan.plan(185.5, 29.97, 10, 6, 0);
        assertEquals(30, plan.fps());
        assertEquals(5565, plan.totalFrames());
        List<ChunkPlan.Chunk> chunks = plan.chunks();
        assertEquals(List.of(1, 6, 6, 6), chunks.stream().map(ChunkPlan.Chunk::segments).toList());
        assertEquals(List.of(0, 1, 7, 13), chunks.stream().map(ChunkPlan.Chunk::firstSegment).toList());
        assertEquals(List.of(0L, 300L, 2100L, 3900L), chunks.stream().map(ChunkPlan.Chunk::startFrame).toList());
        assertEquals(List.of(300L, 1800L, 1800L, 1665L), chunks.stream().map(ChunkPlan.Chunk::frames).toList());
        assertEquals(190.0, chunks.get(3).startSeconds() + 60, 1e-9);
        assertEquals(185.5, chunks.get(3).endSeconds(), 1e-9);
    }

    @Test
    void chunksCoverEveryFrameOnceWhateverTheLength() {
        for (double seconds = 20.1; seconds < 400; seconds += 7.3) {
            ChunkPlan plan = ChunkPlan.plan(seconds, 25, 10, 6, 20);
            long next = 0;
            int segment = 0;
            for (ChunkPlan.Chunk chunk : plan.chunks()) {
                assertEquals(next, chunk.startFrame(), "no gap, no overlap at " + seconds);
                assertEquals(segment, chunk.firstSegment());
                assertEquals(0, chunk.startFrame() % 250, "chunks start on the 10 s grid");
                assertTrue(chunk.frames() > 0);
                next += chunk.frames();
                segment += chunk.segments();
            }
            assertEquals(plan.totalFrames(), next, "every frame at " + seconds);
        }
    }

    @Test
    void nonsenseSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ChunkPlan.plan(100, 30, 0, 6, 0));
        assertThrows(IllegalArgumentException.class, () -> ChunkPlan.plan(100, 30, 10, 0, 0));
    }
}
