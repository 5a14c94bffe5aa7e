package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThumbnailTest {
    private static final List<Playlists.Segment> SEGMENTS = List.of(new Playlists.Segment("a_000.ts", 10, 1),
            new Playlists.Segment("a_001.ts", 10, 1), new Playlists.Segment("a_002.ts", 5.2, 1));

    @Test
    void readsTimeWidthAndFormat() throws Exception {
        Thumbnail t = Thumbnail.of("webp", "12.5", "320", 25.2, 1920);
        assertEquals(new Thumbnail(12.5, 320, Thumbnail.Format.WEBP), t);
        assertEquals("thumbnails/12500-320.webp", t.cacheName());
        assertEquals(new Thumbnail.Cut(SEGMENTS.get(1), 2.5), t.find(SEGMENTS));
        Thumbnail.Cut last = Thumbnail.of("jpg", "25.1", null, 25.2, 1920).find(SEGMENTS);
        assertEquals(SEGMENTS.get(2), last.segment());
        assertEquals(5.1, last.offset(), 1e-9);
    }

    @Test
    void thePosterIsAThirdIntoWhatIsPlayableAndNoWiderThanTheVideo() throws Exception {
        Thumbnail poster = Thumbnail.of("jpg", null, null, 30, 426);
        assertEquals(10.0, poster.time());
        assertEquals(426, poster.width());
        assertEquals(Thumbnail.Format.JPEG, poster.format());
    }

    @Test
    void refusesWhatItCannotMakeWithTheReason() {
        assertTrue(refused("jpg", "25.2", "320").contains("below 25.200"));
        assertTrue(refused("jpg", "-1", "320").contains("from 0"));
        assertTrue(refused("jpg", "abc", "320").contains("time must be a number"));
        assertTrue(refused("jpg", "NaN", "320").contains("time must be a number"));
        assertTrue(refused("jpg", "1", "15").contains("from 16 to 1920"));
        assertTrue(refused("jpg", "1", "1921").contains("from 16 to 1920"));
        assertTrue(refused("jpg", "1", "100.5").contains("whole number"));
        assertTrue(refused("png", "1", "100").contains(".jpg or .webp"));
    }

    private static String refused(String ext, String time, String width) {
        return assertThrows(Thumbnail.Refused.class, () -> Thumbnail.of(ext, time, width, 25.2, 1920)).getMessage();
    }
}
