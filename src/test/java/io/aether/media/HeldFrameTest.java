package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Where a picture ends before its sound, the chunks after its end hold its last frame. */
class HeldFrameTest {
    /** 34 s of sound, 11 s of picture: 2 s, then 10, 10, 10 and 2 s; the picture ends in the second chunk. */
    private static final ChunkPlan PLAN = ChunkPlan.plan(34, 30, 10, 1, 20, 2, false, 11);

    @Test
    void thePlanCountsTheSoundsFramesAndKnowsWhereThePictureEnds() {
        assertEquals(1020, PLAN.totalFrames());
        assertEquals(330, PLAN.picture());
        assertEquals(List.of(60L, 300L, 300L, 300L, 60L), PLAN.chunks().stream().map(ChunkPlan.Chunk::frames).toList());
        assertEquals(List.of(0L, 30L, 300L, 300L, 60L), PLAN.chunks().stream().map(c -> HeldFrame.held(PLAN, c)).toList());
        assertEquals(1020, ChunkPlan.plan(34, 30, 10, 1, 20, 2, false, 40).picture(), "never past the container");
    }

    @Test
    void aChunkWithinThePictureIsReadAsBefore() {
        ChunkPlan.Chunk first = PLAN.chunks().get(0);
        assertEquals("fps=30", HeldFrame.chunkFilter(PLAN, first));
        assertEquals(0.0, HeldFrame.seek(PLAN, first));
    }

    @Test
    void theChunkThePictureEndsInHoldsItsLastFrameForTheRestAndAFewFramesMoreAtMost() {
        ChunkPlan.Chunk second = PLAN.chunks().get(1);
        // 30 frames held, 15 more where the fps filter makes a frame or two fewer than the probe's count
        assertEquals("fps=30,tpad=stop_mode=clone:stop=45", HeldFrame.chunkFilter(PLAN, second));
        assertEquals(2.0, HeldFrame.seek(PLAN, second));
    }

    @Test
    void aChunkPastThePictureReadsItsLastSecondAndHoldsItsLastFrame() {
        for (ChunkPlan.Chunk after : PLAN.chunks().subList(2, 5)) {
            assertEquals("fps=30,tpad=stop_mode=clone:stop=" + after.frames() + ",trim=start_frame=29:end_frame="
                    + (29 + after.frames()) + ",setpts=PTS-STARTPTS", HeldFrame.chunkFilter(PLAN, after));
            assertEquals(10.0, HeldFrame.seek(PLAN, after), 1e-9, "a second before the picture's end");
        }
        // a picture of one frame (a still image over a podcast): its only frame, from the start
        ChunkPlan still = ChunkPlan.plan(40, 25, 10, 1, 20, 2, false, 0.04);
        assertEquals(1, still.picture());
        assertEquals("fps=25,tpad=stop_mode=clone:stop=250,trim=start_frame=0:end_frame=250,setpts=PTS-STARTPTS",
                HeldFrame.chunkFilter(still, still.chunks().get(3)));
        assertEquals(0.0, HeldFrame.seek(still, still.chunks().get(3)));
    }

    @Test
    void aPlanStoredBeforeThePictureWasCountedHoldsNothing() {
        ChunkPlan old = new ChunkPlan(30, 10, 900, PLAN.chunks().subList(0, 3), 0);
        assertEquals(900, old.picture());
        assertEquals("fps=30", HeldFrame.chunkFilter(old, old.chunks().get(2)));
    }

    @Test
    void theSinglePassHoldsThePictureToTheSoundsEnd() {
        assertEquals("fps=30,tpad=stop_mode=clone:stop=690",
                HeldFrame.singlePass(new ProbeResult(34, 640, 360, 0, true, 30, true, 11)));
        assertEquals("fps=30", HeldFrame.singlePass(new ProbeResult(34, 640, 360, 0, true, 30, true, 34)));
        // a sound a few milliseconds longer: nothing to hold
        assertEquals("fps=30", HeldFrame.singlePass(new ProbeResult(60.074667, 640, 360, 0, true, 30, true, 60.06)));
        List<String> args = FfmpegCommand.build("ffmpeg", java.nio.file.Path.of("in"), java.nio.file.Path.of("out"),
                java.nio.file.Path.of("p"), new ProbeResult(34, 640, 360, 0, true, 30, true, 11),
                new LadderPlanner().plan(640, 360), 10, "ultrafast");
        assertEquals("[0:v]fps=30,tpad=stop_mode=clone:stop=690,scale=640:360,setsar=1[v0]",
                args.get(args.indexOf("-filter_complex") + 1));
    }
}
