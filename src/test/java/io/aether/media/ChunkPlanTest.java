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
        ChunkPlan plan = ChunkPlan.plan(3725.5, 29.97, 10, 6, 0);
        assertEquals(30, plan.fps());
        assertEquals(111765, plan.totalFrames());
        List<ChunkPlan.Chunk> chunks = plan.chunks();
        assertEquals(63, chunks.size(), "one segment, then 372 segments in chunks of at most 6");
        assertEquals(List.of(1, 6, 6), chunks.subList(0, 3).stream().map(ChunkPlan.Chunk::segments).toList());
        assertEquals(List.of(0, 1, 7), chunks.subList(0, 3).stream().map(ChunkPlan.Chunk::firstSegment).toList());
        assertEquals(List.of(0L, 300L, 2100L), chunks.subList(0, 3).stream().map(ChunkPlan.Chunk::startFrame).toList());
        ChunkPlan.Chunk last = chunks.get(62);
        assertEquals(6, last.segments());
        assertEquals(367, last.firstSegment());
        assertEquals(1665L, last.frames(), "the source ends inside the last segment");
        assertEquals(3725.5, last.endSeconds(), 1e-9);
    }

    @Test
    void aMediumSourceIsCutIntoAtLeastSixChunksTheLastOnesShortSoWorkersFinishTogether() {
        // three 60 s chunks of a 3-minute source leave one of two workers idle for a whole chunk
        ChunkPlan plan = ChunkPlan.plan(180, 30, 10, 6, 0);
        assertEquals(List.of(1, 4, 3, 3, 3, 2, 2), plan.chunks().stream().map(ChunkPlan.Chunk::segments).toList());
        assertEquals(List.of(1, 4, 3, 3, 2, 2, 2), ChunkPlan.plan(170, 30, 10, 6, 100).chunks().stream()
                .map(ChunkPlan.Chunk::segments).toList());
        assertEquals(List.of(1, 1, 1, 1), ChunkPlan.plan(31, 30, 10, 6, 20).chunks().stream()
                .map(ChunkPlan.Chunk::segments).toList(), "never below one segment");
        assertEquals(List.of(4, 3, 3, 3, 2, 2), ChunkPlan.spread(17, 6, ChunkPlan.SPREAD));
        assertEquals(List.of(2, 2, 2, 2, 2, 2), ChunkPlan.spread(12, 2, ChunkPlan.SPREAD), "the configured length stays the longest");
        assertEquals(List.of(6, 6, 6, 6, 6, 6, 6, 6, 5, 4), ChunkPlan.spread(57, 6, ChunkPlan.SPREAD));
    }

    @Test
    void chunksGoFromLongestToShortestAsManyAsAnEvenSplitWithinTheConfiguredLength() {
        for (int segments = 1; segments < 200; segments++) {
            for (int most = 1; most <= 7; most++) {
                List<Integer> lengths = ChunkPlan.spread(segments, most, ChunkPlan.SPREAD);
                String what = segments + " segments, at most " + most + ": " + lengths;
                long longest = Math.min(most, Math.max(1, (segments + 5) / 6));
                assertEquals((segments + longest - 1) / longest, lengths.size(), what);
                assertEquals(segments, lengths.stream().mapToInt(Integer::intValue).sum(), what);
                for (int i = 0; i < lengths.size(); i++) {
                    assertTrue(lengths.get(i) >= 1 && lengths.get(i) <= most, what);
                    assertTrue(i == 0 || lengths.get(i) <= lengths.get(i - 1), what);
                }
                // the last is about half the first where the configured length leaves room
                if (lengths.size() >= 6 && lengths.get(0) < most) {
                    assertTrue(lengths.get(lengths.size() - 1) <= (lengths.get(0) + 1) / 2, what);
                }
            }
        }
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
    void aShortFirstSegmentMakesAShortClipPlayableSoonAndTheGridStartsAfterIt() {
        // 30 s: 2 s first, then 10, 10 and 8
        ChunkPlan plan = ChunkPlan.plan(30, 30, 10, 6, 20, 2);
        assertEquals(List.of(60L, 300L, 300L, 240L), plan.chunks().stream().map(ChunkPlan.Chunk::frames).toList());
        assertEquals(List.of(0L, 60L, 360L, 660L), plan.chunks().stream().map(ChunkPlan.Chunk::startFrame).toList());
        assertEquals(List.of(0, 1, 2, 3), plan.chunks().stream().map(ChunkPlan.Chunk::firstSegment).toList());
        assertFalse(ChunkPlan.plan(20, 30, 10, 6, 20, 2).chunked(), "up to the threshold: single pass");
        assertEquals(List.of(60L, 15L), ChunkPlan.plan(2.5, 30, 10, 6, 1, 2).chunks().stream()
                .map(ChunkPlan.Chunk::frames).toList(), "a short rest after the first segment");
        // 180 s: 2 s, then 178 s in six chunks of whole segments, the last ones shorter
        assertEquals(List.of(1, 4, 4, 3, 3, 2, 2), ChunkPlan.plan(180, 30, 10, 6, 20, 2).chunks().stream()
                .map(ChunkPlan.Chunk::segments).toList());
    }

    @Test
    void whileOtherJobsWaitTheChunksAfterTheShortFirstAreAsLongAsTheSettingAllows() {
        // the parallelism comes from the jobs waiting: a chunk fewer is an ffmpeg start and a lead-in decode fewer
        assertEquals(List.of(60L, 840L), ChunkPlan.plan(30, 30, 10, 6, 20, 2, true).chunks().stream()
                .map(ChunkPlan.Chunk::frames).toList(), "30 s: 2 s, then 28 s");
        assertEquals(List.of(1, 6), ChunkPlan.plan(60, 30, 10, 6, 20, 2, true).chunks().stream()
                .map(ChunkPlan.Chunk::segments).toList(), "60 s: 2 s, then 58 s");
        assertEquals(List.of(1, 6, 6, 6), ChunkPlan.plan(180, 30, 10, 6, 20, 2, true).chunks().stream()
                .map(ChunkPlan.Chunk::segments).toList(), "180 s: no chunk over the setting's 60 s");
        assertEquals(List.of(1, 2, 1), ChunkPlan.plan(30, 30, 10, 2, 20, 2, true).chunks().stream()
                .map(ChunkPlan.Chunk::segments).toList(), "the setting stays the longest");
        assertFalse(ChunkPlan.plan(20, 30, 10, 6, 20, 2, true).chunked(), "the threshold is the same");
        assertEquals(ChunkPlan.plan(30, 30, 10, 6, 20, 2), ChunkPlan.plan(30, 30, 10, 6, 20, 2, false),
                "nothing waiting: spread as before");
        for (int segments = 1; segments < 100; segments++) {
            List<Integer> lengths = ChunkPlan.spread(segments, 6, 1);
            assertEquals((segments + 5) / 6, lengths.size(), segments + " segments: " + lengths);
            assertEquals(segments, lengths.stream().mapToInt(Integer::intValue).sum());
        }
    }

    @Test
    void withAShortFirstSegmentChunksStillCoverEveryFrameOnceOnTheShiftedGrid() {
        for (double seconds = 20.1; seconds < 400; seconds += 7.3) {
            for (int first : List.of(1, 2, 4, 10)) {
                ChunkPlan plan = ChunkPlan.plan(seconds, 25, 10, 6, 20, first);
                long next = 0;
                for (ChunkPlan.Chunk chunk : plan.chunks()) {
                    assertEquals(next, chunk.startFrame(), "no gap, no overlap at " + seconds);
                    if (chunk.index() > 0) {
                        assertEquals(0, (chunk.startFrame() - first * 25L) % 250, "on the grid after the first segment");
                    }
                    next += chunk.frames();
                }
                assertEquals(1, plan.chunks().get(0).segments());
                assertEquals(first * 25L, plan.chunks().get(0).frames());
                assertEquals(plan.totalFrames(), next, "every frame at " + seconds);
            }
        }
    }

    @Test
    void nonsenseSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ChunkPlan.plan(100, 30, 10, 6, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ChunkPlan.plan(100, 30, 10, 6, 0, 11));
        assertThrows(IllegalArgumentException.class, () -> ChunkPlan.plan(100, 30, 0, 6, 0));
        assertThrows(IllegalArgumentException.class, () -> ChunkPlan.plan(100, 30, 10, 0, 0));
    }
}
