package io.aether.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubtitledMasterTest {
    private static final String MASTER = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n"
            + "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"Audio\",LANGUAGE=\"und\",DEFAULT=YES,AUTOSELECT=YES,"
            + "CHANNELS=\"2\",URI=\"audio.m3u8\"\n"
            + "#EXT-X-STREAM-INF:BANDWIDTH=900000,CODECS=\"avc1.64001f,mp4a.40.2\",RESOLUTION=640x360,AUDIO=\"audio\"\n"
            + "360p.m3u8\n"
            + "#EXT-X-STREAM-INF:BANDWIDTH=300000,CODECS=\"avc1.64001f,mp4a.40.2\",RESOLUTION=320x180,AUDIO=\"audio\"\n"
            + "180p.m3u8\n";

    @Test
    void everyLanguageJoinsOneGroupThatEveryVariantNames() {
        String out = SubtitledMaster.of(MASTER, List.of(new Track("de", "German", "srt", 1),
                new Track("en-US", "English (United States)", "vtt", 1)));
        assertTrue(out.contains("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"German\",LANGUAGE=\"de\","
                + "DEFAULT=NO,AUTOSELECT=YES,URI=\"subs_de.m3u8\"\n"
                + "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"English (United States)\",LANGUAGE=\"en-US\","
                + "DEFAULT=NO,AUTOSELECT=YES,URI=\"subs_en-US.m3u8\"\n#EXT-X-STREAM-INF:"), out);
        assertEquals(2, out.split("AUDIO=\"audio\",SUBTITLES=\"subs\"\n", -1).length - 1, out);
        assertTrue(out.startsWith("#EXTM3U\n") && out.endsWith("180p.m3u8\n"), out);
    }

    @Test
    void rewritingReplacesTheGroupAndNoLanguageLeavesNone() {
        String two = SubtitledMaster.of(MASTER, List.of(new Track("de", "German", "srt", 1),
                new Track("fr", "French", "srt", 1)));
        String one = SubtitledMaster.of(two, List.of(new Track("fr", "French", "srt", 1)));
        assertEquals(SubtitledMaster.of(MASTER, List.of(new Track("fr", "French", "srt", 1))), one);
        assertEquals(1, one.split("TYPE=SUBTITLES", -1).length - 1, one);
        assertEquals(2, one.split("SUBTITLES=\"subs\"", -1).length - 1, "one per variant, never twice: " + one);
        assertEquals(MASTER, SubtitledMaster.of(one, List.of()));
    }

    @Test
    void languageTagsByShapeInTheirUsualCase() {
        assertEquals("en", LanguageTag.canonical("EN"));
        assertEquals("pt-BR", LanguageTag.canonical("pt-br"));
        assertEquals("zh-Hant-TW", LanguageTag.canonical("zh-hant-tw"));
        assertEquals("es-419", LanguageTag.canonical("es-419"));
        assertEquals("sl-rozaj-biske", LanguageTag.canonical("sl-rozaj-biske"));
        assertEquals("en-a-bbb-x-a-ccc", LanguageTag.canonical("en-a-bbb-x-a-ccc"));
        for (String bad : new String[] {"", "e", "english!", "en_US", "en-", "-en", "en--us", "../etc", "en-US-",
                "toolongtagname", "en.m3u8"}) {
            assertNull(LanguageTag.canonical(bad), bad);
        }
        assertEquals("English (United States)", LanguageTag.label("en-US"));
        assertEquals("German", LanguageTag.label("de"));
    }

    @Test
    void aSegmentStoredBeforeTheFirstTimestampIsRemapped() {
        String early = WebVtt.segment(List.of(new Cue(1000, 2000, "Hi")), 0);
        assertEquals(WebVtt.segment(List.of(new Cue(1000, 2000, "Hi")), 900_000), WebVtt.remap(early, 900_000));
    }
}
