package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class PartSlotsTest {

    @Test
    void oneSlotPerCoreByDefaultEachWithOneThread() {
        PartSlots slots = PartSlots.of(0, 2);
        assertEquals(2, slots.slots());
        assertEquals(1, slots.threads());
        assertEquals(8, PartSlots.of(0, 8).slots());
        assertEquals(1, PartSlots.of(0, 8).threads());
    }

    @Test
    void fewerSlotsShareTheCoresAndMoreNeverGoBelowOneThread() {
        assertEquals(4, PartSlots.of(2, 8).threads());
        assertEquals(2, PartSlots.of(3, 8).threads(), "rounded down: 3 x 2 threads on 8 cores, never 3 x 3");
        assertEquals(1, PartSlots.of(4, 2).threads(), "more slots than cores: one thread each");
        assertEquals(1, PartSlots.of(1, 1).threads());
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PartSlots.of(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> new PartSlots(0, 2));
        assertThrows(IllegalArgumentException.class, () -> new PartSlots(2, 0));
    }

    @Test
    void aChunkStartingAloneTakesEveryCore() {
        assertEquals(2, PartSlots.of(0, 2).threadsBeside(8, List.of()));
        assertEquals(8, PartSlots.of(4, 8).threadsBeside(10, List.of()));
    }

    @Test
    void aChunkStartingBesideRunsThatLastTakesWhatTheyLeaveNeverBelowItsShare() {
        PartSlots two = PartSlots.of(0, 2);
        assertEquals(1, two.threadsBeside(10, List.of(new PartSlots.Running(1, 9))), "the usual pair: one each");
        assertEquals(1, two.threadsBeside(10, List.of(new PartSlots.Running(2, 9))),
                "beside one that took both cores: its share, three threads on two cores for a while");
        PartSlots eight = PartSlots.of(4, 8);
        assertEquals(6, eight.threadsBeside(10, List.of(new PartSlots.Running(2, 10))));
        assertEquals(2, eight.threadsBeside(10, List.of(new PartSlots.Running(8, 10), new PartSlots.Running(2, 10))));
    }

    @Test
    void aRunWithLessThanHalfThisChunkLeftCountsAsEnded() {
        PartSlots two = PartSlots.of(0, 2);
        // the 30 s clip's tail: 8 s starting as the other 10 s chunk has 1.5 s left
        assertEquals(2, two.threadsBeside(8, List.of(new PartSlots.Running(1, 1.5))), "the tail takes both cores");
        assertEquals(2, two.threadsBeside(8, List.of(new PartSlots.Running(1, 3.9))));
        assertEquals(1, two.threadsBeside(8, List.of(new PartSlots.Running(1, 4))), "half left: it still shares");
        // a first chunk of 2 s beside a 10 s chunk just started shares
        assertEquals(1, two.threadsBeside(2, List.of(new PartSlots.Running(1, 10))));
    }

    @Test
    void withJobsWaitingAChunkTakesItsShareWhatever() {
        PartSlots two = PartSlots.of(0, 2);
        // the tail rule would give both cores; a waiting job takes the other slot as soon as it frees
        assertEquals(1, two.threadsBeside(8, List.of(new PartSlots.Running(1, 1.5)), true));
        assertEquals(1, two.threadsBeside(8, List.of(), true), "alone too: the next job is on its way");
        assertEquals(2, two.threadsBeside(8, List.of(new PartSlots.Running(1, 1.5)), false), "nothing waits: the tail rule");
        assertEquals(2, PartSlots.of(4, 8).threadsBeside(10, List.of(), true), "the share of more cores");
    }

    @Test
    void aChunkRunLimitsTheDecoderTheFiltersAndEveryEncoderToItsShare() {
        ChunkPlan.Chunk chunk = ChunkPlan.plan(60, 30, 10, 1, 20, 2).chunks().get(1);
        List<Rendition> ladder = new LadderPlanner().plan(1920, 1080);
        List<String> args = ChunkCommand.video("ffmpeg", "in.mp4", Path.of("out"), Path.of("p.txt"), chunk, ladder, 10,
                "veryfast", PartSlots.of(3, 8).threads(), null);
        int input = args.indexOf("-i");
        assertEquals("2", args.get(args.indexOf("-threads") + 1));
        assertTrue(args.indexOf("-threads") < input, "the decoder's threads come before -i: " + args);
        assertEquals("2", args.get(args.indexOf("-filter_complex_threads") + 1));
        assertEquals(2, Collections.frequency(args, "-threads"), "once for the decoder, once for every encoder");
        assertTrue(args.lastIndexOf("-threads") > input, args.toString());
    }
}
