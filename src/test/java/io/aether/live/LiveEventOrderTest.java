package io.aether.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LiveEventOrderTest {

    static LiveEvent state(String status, int attempts) {
        return new LiveEvent("state", "v", status, attempts, -1, -1, false, "{}");
    }

    static LiveEvent state(String status, int attempts, long revision) {
        return new LiveEvent("state", "v", status, attempts, -1, -1, false, revision, "{}");
    }

    @Test
    void aHandBackAndTheNextAttemptReachTheWatcher() {
        EventOrder order = new EventOrder();
        order.reset("active", 1, 30, false, 2);
        assertTrue(order.accept(progress(100)), "what the stopped ffmpeg reported last");
        // the stopping worker gives its attempt back uncounted, and another worker takes the job
        assertTrue(order.accept(state("waiting", 0, 3)), "the hand-back");
        assertTrue(order.accept(state("active", 1, 4)), "the new worker's attempt");
        assertTrue(order.accept(progress(5)), "the new attempt's progress starts again from 0");
        assertFalse(order.accept(state("waiting", 0, 3)), "a late duplicate of the hand-back");
        assertFalse(order.accept(state("active", 1, 4)), "the same state twice");
        assertTrue(order.accept(state("completed", 1, 5)));
        assertTrue(order.finished());
    }

    @Test
    void aSnapshotAheadOfAnEventDropsIt() {
        EventOrder order = new EventOrder();
        order.reset("active", 1, 0, false, 4);
        assertFalse(order.accept(state("waiting", 0, 3)), "the snapshot already shows a later change");
        assertTrue(order.accept(state("waiting", 1, 5)), "a failed attempt waiting for its retry");
    }

    /** What the worker publishes when a chunked video's first chunk is stored: no attempts. */
    static LiveEvent playable() {
        return new LiveEvent("state", "v", "active", -1, -1, -1, true, "{}");
    }

    static LiveEvent progress(int percent) {
        return new LiveEvent("progress", "v", null, -1, percent, -1, false, "{}");
    }

    static LiveEvent upload(long received) {
        return new LiveEvent("upload", "v", null, -1, -1, received, false, "{}");
    }

    @Test
    void positionsGrowAlongEveryLegalPath() {
        assertEquals(0, EventOrder.position("waiting", 0));
        assertEquals(1, EventOrder.position("active", 1));
        assertEquals(2, EventOrder.position("waiting", 1), "a retry comes after the failed attempt");
        assertEquals(3, EventOrder.position("active", 2));
        assertEquals(5, EventOrder.position("active", 3), "a lease takeover starts a later attempt");
        assertEquals(EventOrder.FINISHED, EventOrder.position("completed", 1));
        assertEquals(EventOrder.FINISHED, EventOrder.position("failed", 0));
        assertEquals(EventOrder.NO_RECORD, EventOrder.position(null, 0));
    }

    @Test
    void aWholeJobPassesInOrder() {
        EventOrder order = new EventOrder();
        order.reset("waiting", 0, 0);
        assertTrue(order.accept(state("active", 1)));
        assertTrue(order.accept(progress(10)));
        assertTrue(order.accept(progress(60)));
        assertTrue(order.accept(state("completed", 1)));
        assertTrue(order.finished());
    }

    @Test
    void aDeleteEndsTheVideoWhereverItWas() {
        EventOrder order = new EventOrder();
        order.reset("active", 1, 40);
        assertTrue(order.accept(state("deleted", -1)));
        assertTrue(order.finished());
        assertFalse(order.accept(progress(50)), "a worker's late progress after the delete");
    }

    @Test
    void whatTheSnapshotAlreadyShowsIsDropped() {
        EventOrder order = new EventOrder();
        order.reset("active", 1, 40);
        assertFalse(order.accept(state("waiting", 0)), "older state");
        assertFalse(order.accept(state("active", 1)), "the same state again");
        assertFalse(order.accept(progress(30)), "progress behind the snapshot");
        assertFalse(order.accept(progress(40)), "progress equal to the snapshot");
        assertTrue(order.accept(progress(41)));
    }

    @Test
    void aRetryStartsTheProgressAgain() {
        EventOrder order = new EventOrder();
        order.reset("active", 1, 80);
        assertTrue(order.accept(state("waiting", 1)));
        assertTrue(order.accept(state("active", 2)));
        assertTrue(order.accept(progress(5)), "the new attempt counts from 0");
        assertFalse(order.accept(state("active", 1)), "the old attempt is stale");
    }

    @Test
    void nothingFollowsAFinishedVideo() {
        EventOrder order = new EventOrder();
        order.reset("completed", 1, 100);
        assertTrue(order.finished());
        assertFalse(order.accept(state("completed", 1)));
        assertFalse(order.accept(state("failed", 2)));
        assertFalse(order.accept(progress(100)));
        assertFalse(order.accept(upload(10)));
    }

    @Test
    void uploadBytesOnlyGrowAndStopOnceTheJobStarts() {
        EventOrder order = new EventOrder();
        order.reset(null, 0, -1);
        assertTrue(order.accept(upload(100)));
        assertFalse(order.accept(upload(100)));
        assertFalse(order.accept(upload(50)));
        assertTrue(order.accept(upload(200)));
        assertTrue(order.accept(state("waiting", 0)));
        assertTrue(order.accept(upload(300)), "the last bytes may be reported after the record exists");
        assertTrue(order.accept(state("active", 1)));
        assertFalse(order.accept(upload(400)));
    }

    @Test
    void unknownKindsPassUntilTheEnd() {
        EventOrder order = new EventOrder();
        order.reset("waiting", 0, 0);
        assertTrue(order.accept(new LiveEvent("thumbnail", "v", null, -1, -1, -1, false, "{}")));
        assertTrue(order.accept(state("paused", 1)));
        assertTrue(order.accept(state("failed", 1)));
        assertFalse(order.accept(new LiveEvent("thumbnail", "v", null, -1, -1, -1, false, "{}")));
    }

    @Test
    void playableNewsPassesOnceAndMovesNeitherStateNorPercent() {
        EventOrder order = new EventOrder();
        order.reset("active", 1, 10);
        assertTrue(order.accept(playable()), "an active video became playable");
        assertFalse(order.accept(playable()), "said once is enough");
        assertFalse(order.accept(state("active", 1)), "still the same attempt");
        assertFalse(order.accept(progress(10)), "the percent did not start again");
        assertTrue(order.accept(progress(20)));
        assertTrue(order.accept(state("completed", 1)));
        assertFalse(order.accept(playable()), "nothing follows a finished video");
    }

    @Test
    void aSnapshotThatIsPlayableAlreadyDropsTheNews() {
        EventOrder order = new EventOrder();
        order.reset("active", 1, 30, true);
        assertFalse(order.accept(playable()));
        assertTrue(order.accept(progress(40)));
    }
}
