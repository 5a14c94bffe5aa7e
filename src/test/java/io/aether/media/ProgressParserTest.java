package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProgressParserTest {

    /** Feeds a block like ffmpeg writes it and returns what the terminating line produced. */
    private static OptionalInt block(ProgressParser p, String outTimeUs, String progress) {
        for (String line : new String[] {"frame=42", "fps=30.00", "stream_0_0_q=28.0", "bitrate=1234.5kbits/s",
                "total_size=123456", "out_time_us=" + outTimeUs, "out_time_ms=" + outTimeUs,
                "out_time=00:00:01.400000", "dup_frames=0", "drop_frames=0", "speed=2.01x"}) {
            assertTrue(p.accept(line).isEmpty(), line);
        }
        return p.accept("progress=" + progress);
    }

    @Test
    void realisticSequence() {
        ProgressParser p = new ProgressParser(10.0);
        assertEquals(OptionalInt.of(0), block(p, "N/A", "continue"));
        assertEquals(OptionalInt.of(14), block(p, "1400000", "continue"));
        assertEquals(OptionalInt.of(55), block(p, "5500000", "continue"));
        assertEquals(OptionalInt.of(100), block(p, "10000000", "end"));
    }

    @Test
    void floorsNotRounds() {
        ProgressParser p = new ProgressParser(3.0);
        p.accept("out_time_us=1999999");
        assertEquals(OptionalInt.of(66), p.accept("progress=continue"));
    }

    @Test
    void continueNeverReports100() {
        ProgressParser p = new ProgressParser(4.0);
        p.accept("out_time_us=4000000");
        assertEquals(OptionalInt.of(99), p.accept("progress=continue"));
        p.accept("out_time_us=9000000");
        assertEquals(OptionalInt.of(99), p.accept("progress=continue"));
    }

    @Test
    void endIs100EvenWithoutAnyTime() {
        assertEquals(OptionalInt.of(100), new ProgressParser(60).accept("progress=end"));
    }

    @Test
    void outTimeMsIsMicrosecondsToo() {
        ProgressParser p = new ProgressParser(10.0);
        p.accept("out_time_ms=2500000");
        assertEquals(OptionalInt.of(25), p.accept("progress=continue"));
    }

    @Test
    void neverGoesBackwards() {
        ProgressParser p = new ProgressParser(10.0);
        p.accept("out_time_us=6000000");
        assertEquals(OptionalInt.of(60), p.accept("progress=continue"));
        p.accept("out_time_us=3000000");
        assertEquals(OptionalInt.of(60), p.accept("progress=continue"));
        p.accept("out_time_us=7000000");
        assertEquals(OptionalInt.of(70), p.accept("progress=continue"));
    }

    @Test
    void negativeOutTimeAtStartIsIgnored() {
        // ffmpeg can report a small negative out_time_us before the first packet
        ProgressParser p = new ProgressParser(10.0);
        p.accept("out_time_us=-23220");
        assertEquals(OptionalInt.of(0), p.accept("progress=continue"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"out_time_us=N/A", "out_time_us=", "out_time_us=12abc", "out_time_ms=1.5e6",
            "out_time_us=99999999999999999999"})
    void garbageValuesKeepLastGood(String line) {
        ProgressParser p = new ProgressParser(10.0);
        p.accept("out_time_us=2000000");
        assertTrue(p.accept(line).isEmpty());
        assertEquals(OptionalInt.of(20), p.accept("progress=continue"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "=", "progress", "progress=maybe", "frame=10", "speed=N/A"})
    void otherLinesYieldNothing(String line) {
        assertTrue(new ProgressParser(10).accept(line).isEmpty(), line);
    }

    @Test
    void nullLineYieldsNothing() {
        assertTrue(new ProgressParser(10).accept(null).isEmpty());
    }

    @Test
    void toleratesSurroundingWhitespaceAndCarriageReturn() {
        ProgressParser p = new ProgressParser(10.0);
        p.accept("out_time_us=5000000\r");
        assertEquals(OptionalInt.of(50), p.accept("progress=continue\r"));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -5, Double.NaN, Double.POSITIVE_INFINITY})
    void unknownDurationReportsZeroUntilEnd(double duration) {
        ProgressParser p = new ProgressParser(duration);
        p.accept("out_time_us=5000000");
        assertEquals(OptionalInt.of(0), p.accept("progress=continue"));
        assertEquals(OptionalInt.of(100), p.accept("progress=end"));
    }

    @Test
    void afterEndStays100() {
        ProgressParser p = new ProgressParser(10.0);
        assertEquals(OptionalInt.of(100), p.accept("progress=end"));
        p.accept("out_time_us=1000000");
        assertEquals(OptionalInt.of(100), p.accept("progress=continue"));
    }
}
