package io.aether.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class ByteRangeTest {
    @Test
    void rangesWithinTheObject() {
        assertEquals(Optional.of(new ByteRange(0, 99)), ByteRange.parse("bytes=0-99", 1000));
        assertEquals(Optional.of(new ByteRange(500, 999)), ByteRange.parse("bytes=500-", 1000));
        assertEquals(Optional.of(new ByteRange(900, 999)), ByteRange.parse("bytes=-100", 1000));
        assertEquals(Optional.of(new ByteRange(0, 999)), ByteRange.parse("bytes=-5000", 1000));
        assertEquals(Optional.of(new ByteRange(990, 999)), ByteRange.parse("bytes=990-5000", 1000), "clamped to the end");
        assertEquals(Optional.of(new ByteRange(7, 7)), ByteRange.parse("bytes=7-7", 1000));
    }

    @Test
    void lengthAndContentRange() {
        ByteRange range = new ByteRange(100, 199);
        assertEquals(100, range.length());
        assertEquals("bytes 100-199/1000", range.contentRange(1000));
    }

    @Test
    void rangesPastTheEndAreUnsatisfiable() {
        ByteRange.Unsatisfiable e = assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=1000-", 1000));
        assertEquals(1000, e.size());
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=2000-3000", 1000));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=-0", 1000));
    }

    @Test
    void headersNotUnderstoodServeTheWholeObject() {
        assertEquals(Optional.empty(), ByteRange.parse(null, 1000));
        assertEquals(Optional.empty(), ByteRange.parse("bytes=5-1", 1000));
        assertEquals(Optional.empty(), ByteRange.parse("bytes=0-1,5-9", 1000));
        assertEquals(Optional.empty(), ByteRange.parse("items=0-1", 1000));
        assertEquals(Optional.empty(), ByteRange.parse("bytes=-", 1000));
    }
}
