package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SampledFramesTest {
    /** The worker's cut of a 60 s 30 fps video: 2 s, then 10 s chunks. */
    private static final List<ChunkPlan.Chunk> CHUNKS = ChunkPlan.plan(60, 30, 2, 5, 0, 2).chunks();

    /** The video's numbers of the frames a chunked 60 s video scores and keeps. */
    private static List<Long> kept(int every) {
        List<Long> kept = new ArrayList<>();
        for (ChunkPlan.Chunk chunk : CHUNKS) {
            new SampledFrames(every, chunk.startFrame(), chunk.frames()).scoredFrames()
                    .forEach(f -> kept.add(chunk.startFrame() + f));
        }
        return kept;
    }

    @Test
    void aChunkTakesAFrameWithBothNeighboursInEveryBlockOfTheVideoAfterItsFirstTwo() {
        SampledFrames chunk = new SampledFrames(59, 60, 300);
        // video frames 66, 155, 196, 237, 326: blocks 1 to 5 of 59, at 5b + 1 modulo 12 (6, 11, 4, 9, 2)
        assertEquals(List.of(6L, 95L, 136L, 177L, 266L), chunk.scoredFrames());
        assertEquals(17, chunk.taken(), "frames 0 and 1, then five threes");
        assertEquals(6, chunk.scored(), "frame 0, left out, then the middle of each three");
        for (long middle : new SampledFrames(59, 1560, 240).scoredFrames()) {
            assertTrue(middle + 1 < 240, "only whole threes: " + middle);
        }
    }

    @Test
    void aTwoSecondChunkKeepsOneSampleThatIsNotItsFirstFrame() {
        assertEquals(List.of(25L), new SampledFrames(59, 0, 60).scoredFrames());
        // a run too short for a block's three has its middle one
        SampledFrames tail = new SampledFrames(59, 1790, 10);
        assertEquals(List.of(5L), tail.scoredFrames());
        assertEquals("lt(n\\,2)+between(n\\,4\\,6)", tail.select());
    }

    @Test
    void theChunksContinueTheSamplesOfTheWholeVideo() {
        Set<Long> whole = new HashSet<>(new SampledFrames(59, 0, 1800).scoredFrames());
        List<Long> chunked = kept(59);
        assertTrue(whole.containsAll(chunked), chunked.toString());
        whole.removeAll(chunked);
        // only a three across a join is lost (frames 1558 to 1560; the next chunk starts at 1560)
        assertEquals(Set.of(1559L), whole);
        assertEquals(30, chunked.size(), "one in each block of 59 that holds it whole");
    }

    @Test
    void theScoredFramesFallEvenlyOnFrameTypesAndOnTheGop() {
        // a B-frame pattern of period 4: a fixed place, or a golden-ratio one, put 3 of 5 on one position
        int[] byFour = new int[4];
        Set<Long> gop = new HashSet<>();
        for (long frame : kept(59)) {
            byFour[(int) (frame % 4)]++;
            gop.add(frame % 60);
        }
        for (int count : byFour) {
            assertTrue(count >= 6 && count <= 9, Arrays.toString(byFour));
        }
        assertTrue(gop.size() >= 25, "positions in a 60-frame GOP: " + gop);
        List<Long> middles = new SampledFrames(59, 0, 59 * 40).scoredFrames();
        for (int i = 0; i + 4 <= middles.size(); i++) {
            Set<Long> four = new HashSet<>();
            for (int j = i; j < i + 4; j++) {
                four.add(middles.get(j) % 4);
            }
            assertEquals(4, four.size(), "blocks " + i + " to " + (i + 3) + " on one position of 4: " + middles);
        }
    }

    @Test
    void everyThreeFitsItsBlockWhateverTheSpacing() {
        for (int every = 4; every <= 120; every++) {
            SampledFrames sampled = new SampledFrames(every, 0, 0);
            for (long block = 0; block < 500; block++) {
                long offset = sampled.offset(block);
                assertTrue(offset >= 0 && offset <= every - 3, "every " + every + ", block " + block + ": " + offset);
            }
        }
    }

    @Test
    void everyFrameWhenTheSpacingIsThreeOrLess() {
        SampledFrames all = new SampledFrames(3, 60, 300);
        assertTrue(all.everyFrame());
        assertEquals("1", all.select());
        assertEquals(300, all.taken());
        assertEquals(300, all.scored());
    }

    @Test
    void theExpressionNamesTheRunsPlaceAndEnd() {
        String select = new SampledFrames(59, 60, 300).select();
        assertTrue(select.startsWith("lt(n\\,2)+between("), select);
        assertTrue(select.contains("(n+60)") && select.endsWith("+2\\,300)"), select);
        assertTrue(!new SampledFrames(59, 0, 0).select().contains("*lt("), "a run to the end has no end to keep within");
        assertThrows(IllegalStateException.class, () -> new SampledFrames(59, 0, 0).taken());
        assertThrows(IllegalArgumentException.class, () -> new SampledFrames(0, 0, 10));
    }
}
