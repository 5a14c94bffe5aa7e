package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StoryboardTest {

    @Test
    void tilesGetSparserWithLengthAndAlwaysDivideTheSegmentGrid() {
        assertEquals(2, Storyboard.interval(30));
        assertEquals(2, Storyboard.interval(200));
        assertEquals(5, Storyboard.interval(201));
        assertEquals(10, Storyboard.interval(7200));
        for (double d : new double[] {1, 60, 199, 450, 3600}) {
            assertEquals(0, 10 % Storyboard.interval(d));
        }
    }

    @Test
    void aSheetHoldsATileAtEveryMultipleOfTheIntervalInItsSpan() {
        assertEquals(5, Storyboard.tiles(0, 10, 2));
        assertEquals(6, Storyboard.tiles(10, 21.5, 2), "10 12 14 16 18 20");
        assertEquals(1, Storyboard.tiles(0, 0.5, 2));
        assertThrows(IllegalArgumentException.class, () -> Storyboard.tiles(0, 1001, 10));
        assertEquals("fps=1/2,scale=160:90,tile=10x2", Storyboard.filter(0, 30, 2, 90));
        assertEquals("fps=1/2,scale=160:90,tile=3x1", Storyboard.filter(30, 35.2, 2, 90));
    }

    @Test
    void aPartWithMoreTilesThanASheetHoldsGetsSeveralSheets() {
        assertEquals(List.of(new Storyboard.Sheet("p_00.jpg", 0, 12)), Storyboard.sheets("p", 0, 12, 2));
        List<Storyboard.Sheet> sheets = Storyboard.sheets("p", 1000, 3010, 10);
        assertEquals(List.of(new Storyboard.Sheet("p_00.jpg", 1000, 2000), new Storyboard.Sheet("p_01.jpg", 2000, 3000),
                new Storyboard.Sheet("p_02.jpg", 3000, 3010)), sheets);
        String vtt = Storyboard.vtt(sheets, 10, 90, 3010);
        assertEquals(201, vtt.split("\n\n").length - 1);
        assertTrue(vtt.contains("00:33:10.000 --> 00:33:20.000\np_00.jpg#xywh=1440,810,160,90"), vtt);
    }

    @Test
    void keepsTheSourcesShape() {
        assertEquals(90, Storyboard.tileHeight(1920, 1080));
        assertEquals(284, Storyboard.tileHeight(1080, 1920));
        assertEquals(2, Storyboard.tileHeight(4000, 10));
    }

    @Test
    void cuesCoverTheWholeVideoAndPointAtTheirTiles() {
        String vtt = Storyboard.vtt(List.of(new Storyboard.Sheet("s1.jpg", 20, 25), new Storyboard.Sheet("s0.jpg", 0, 20)),
                2, 90, 25);
        String[] cues = vtt.split("\n\n");
        assertEquals("WEBVTT", cues[0]);
        assertEquals(13, cues.length - 1, "tiles at 0,2..18 on the first sheet, 20,22,24 on the second");
        assertEquals("00:00:00.000 --> 00:00:02.000\ns0.jpg#xywh=0,0,160,90", cues[1]);
        assertEquals("00:00:18.000 --> 00:00:20.000\ns0.jpg#xywh=1440,0,160,90", cues[10]);
        assertEquals("00:00:24.000 --> 00:00:25.000\ns1.jpg#xywh=320,0,160,90\n", cues[13]);
        assertTrue(vtt.endsWith("\n"));
    }
}
