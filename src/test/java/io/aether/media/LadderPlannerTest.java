package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LadderPlannerTest {

    private final LadderPlanner planner = new LadderPlanner();

    private static String sizes(List<Rendition> ladder) {
        StringBuilder sb = new StringBuilder();
        for (Rendition r : ladder) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(r.name()).append('=').append(r.width()).append('x').append(r.height());
        }
        return sb.toString();
    }

    @Test
    void fullHdGetsThreeRungsWithExactBitrates() {
        List<Rendition> ladder = planner.plan(1920, 1080);
        assertEquals(List.of(
                new Rendition("1080p", 1920, 1080, 5000, 5350, 7500, 128),
                new Rendition("720p", 1280, 720, 2800, 2996, 4200, 128),
                new Rendition("480p", 854, 480, 1400, 1498, 2100, 96)), ladder);
    }

    @Test
    void hdSkipsTheRungAboveIt() {
        assertEquals("720p=1280x720 480p=854x480", sizes(planner.plan(1280, 720)));
    }

    @Test
    void uhdIsCappedAt1080p() {
        assertEquals("1080p=1920x1080 720p=1280x720 480p=854x480", sizes(planner.plan(3840, 2160)));
    }

    @Test
    void portraitUsesShortSideAsNominalSize() {
        assertEquals("1080p=1080x1920 720p=720x1280 480p=480x854", sizes(planner.plan(1080, 1920)));
    }

    @Test
    void squareSource() {
        assertEquals("1080p=1080x1080 720p=720x720 480p=480x480", sizes(planner.plan(1080, 1080)));
    }

    @Test
    void fourByThreeKeepsAspect() {
        assertEquals("1080p=1440x1080 720p=960x720 480p=640x480", sizes(planner.plan(1440, 1080)));
    }

    @Test
    void ultrawideLongSideRoundsToNearestEven() {
        // 720 * 2560/1080 = 1706.7 -> 1706; 480 * 2560/1080 = 1137.8 -> 1138
        assertEquals("1080p=2560x1080 720p=1706x720 480p=1138x480", sizes(planner.plan(2560, 1080)));
    }

    @Test
    void cinemaScopeBelow1080Starts720() {
        assertEquals("720p=1728x720 480p=1152x480", sizes(planner.plan(1920, 800)));
    }

    @Test
    void oddSourceJustBelow1080() {
        // short side 1079 < 1080, so no 1080p; the long sides still round to even
        assertEquals("720p=1280x720 480p=854x480", sizes(planner.plan(1919, 1079)));
    }

    @Test
    void oddLongSideAtExactly480RoundsToNearestEvenNotDown() {
        // 853 is odd; nearest even with ties upward is 854 (one pixel wider than the source)
        assertEquals("480p=854x480", sizes(planner.plan(853, 480)));
    }

    @Test
    void smallSourceGetsOneRenditionAtItsOwnSize() {
        List<Rendition> ladder = planner.plan(640, 360);
        // 1400 * (640*360)/(854*480) = 786.9 -> 787
        assertEquals(List.of(new Rendition("360p", 640, 360, 787, 842, 1181, 96)), ladder);
    }

    @Test
    void smallOddSourceRoundsDownAndNamesAfterRoundedShortSide() {
        List<Rendition> ladder = planner.plan(321, 241);
        // 262 kbps by pixel ratio, raised to the 300 floor
        assertEquals(List.of(new Rendition("240p", 320, 240, 300, 321, 450, 96)), ladder);
    }

    @Test
    void smallPortraitSource() {
        assertEquals("360p=360x640", sizes(planner.plan(360, 640)));
    }

    @Test
    void justBelow480IsSingleRendition() {
        List<Rendition> ladder = planner.plan(853, 479);
        assertEquals("478p=852x478", sizes(ladder));
        // 1400 * (852*478)/(854*480) = 1390.9
        assertEquals(1391, ladder.get(0).videoKbps());
        assertEquals(96, ladder.get(0).audioKbps());
    }

    @Test
    void tinySourceNeverGoesBelowTwoPixels() {
        assertEquals(List.of(new Rendition("2p", 2, 2, 300, 321, 450, 96)), planner.plan(1, 1));
    }

    @ParameterizedTest
    @CsvSource({"0,1080", "1920,0", "-1920,1080", "1920,-1", "0,0"})
    void rejectsNonPositiveDimensions(int w, int h) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> planner.plan(w, h));
        assertTrue(e.getMessage().contains(w + "x" + h), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"1920,1080", "1080,1920", "3840,2160", "1919,1079", "853,480", "2560,1080", "720,1280",
            "1000,999", "641,361", "5,3", "7680,4320", "1080,1350"})
    void invariantsHoldForManySizes(int w, int h) {
        List<Rendition> ladder = planner.plan(w, h);
        assertFalse(ladder.isEmpty());
        int sourceShort = Math.min(w, h);
        int previousShort = Integer.MAX_VALUE;
        for (Rendition r : ladder) {
            assertEquals(0, r.width() % 2, r.toString());
            assertEquals(0, r.height() % 2, r.toString());
            int shortSide = Math.min(r.width(), r.height());
            assertTrue(shortSide < previousShort, "descending order: " + ladder);
            previousShort = shortSide;
            assertEquals(w < h, r.width() < r.height(), "orientation kept: " + r);
            assertTrue(shortSide <= sourceShort, "no upscale: " + r);
            assertEquals(shortSide + "p", r.name());
            assertEquals(Math.round(r.videoKbps() * 1.07), r.maxrateKbps());
            assertEquals(Math.round(r.videoKbps() * 1.5), r.bufsizeKbps());
        }
    }

    @Test
    void resultIsImmutable() {
        List<Rendition> ladder = planner.plan(1920, 1080);
        assertThrows(UnsupportedOperationException.class, () -> ladder.remove(0));
    }
}
