package io.aether.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptionsParserTest {

    private static List<Cue> srt(String text) throws BadCaptions {
        return CaptionsParser.parse(text.getBytes(StandardCharsets.UTF_8), CaptionsParser.Format.SRT);
    }

    private static List<Cue> vtt(String text) throws BadCaptions {
        return CaptionsParser.parse(text.getBytes(StandardCharsets.UTF_8), CaptionsParser.Format.WEBVTT);
    }

    private static BadCaptions refused(CaptionsParser.Format format, byte[] body) {
        return assertThrows(BadCaptions.class, () -> CaptionsParser.parse(body, format));
    }

    @Test
    void readsSrtWithNumbersCommasAndCrlf() throws Exception {
        List<Cue> cues = srt("\uFEFF1\r\n00:00:01,000 --> 00:00:02,500\r\nHello\r\nthere\r\n\r\n"
                + "2\r\n01:02:03,004 --> 01:02:04,000\r\nÄrger\r\n");
        assertEquals(List.of(new Cue(1000, 2500, "Hello\nthere"), new Cue(3_723_004, 3_724_000, "Ärger")), cues);
    }

    @Test
    void readsWebVttAndDropsNotesStylesAndSettings() throws Exception {
        List<Cue> cues = vtt("WEBVTT - a title\n\nNOTE a comment\nover two lines\n\nSTYLE\n::cue { color: red }\n\n"
                + "intro\n00:01.000 --> 00:02.000 align:start line:0\n<i>Hi</i>\n\n00:00:03.000 --> 00:00:04.000\nBye\n");
        assertEquals(List.of(new Cue(1000, 2000, "<i>Hi</i>"), new Cue(3000, 4000, "Bye")), cues);
    }

    @Test
    void namesTheLineThatIsWrong() {
        BadCaptions time = refused(CaptionsParser.Format.SRT,
                "1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03.000 --> 00:00:04,000\nwrong separator\n"
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(6, time.line());
        assertTrue(time.getMessage().contains("SRT writes 00:00:01,000"), time.getMessage());

        BadCaptions backwards = refused(CaptionsParser.Format.WEBVTT,
                "WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nx\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(3, backwards.line());
        assertTrue(backwards.getMessage().contains("ends before it starts"));

        BadCaptions unordered = refused(CaptionsParser.Format.WEBVTT,
                "WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nx\n\n00:00:01.000 --> 00:00:02.000\ny\n"
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(6, unordered.line());

        assertEquals(1, refused(CaptionsParser.Format.WEBVTT, "1\n00:00:01.000 --> 00:00:02.000\nx\n"
                .getBytes(StandardCharsets.UTF_8)).line());
        assertEquals(2, refused(CaptionsParser.Format.SRT, "1\nnot a timing\nx\n"
                .getBytes(StandardCharsets.UTF_8)).line());
    }

    @Test
    void refusesTextThatIsNotUtf8AtItsLine() {
        byte[] latin1 = "1\n00:00:01,000 --> 00:00:02,000\n\u00c4rger\n".getBytes(StandardCharsets.ISO_8859_1);
        BadCaptions e = refused(CaptionsParser.Format.SRT, latin1);
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("not UTF-8"));
    }

    @Test
    void refusesEmptyAndOversizedFiles() {
        assertTrue(refused(CaptionsParser.Format.WEBVTT, "WEBVTT\n\n".getBytes(StandardCharsets.UTF_8))
                .getMessage().contains("no cue"));
        byte[] huge = new byte[CaptionsParser.MAX_BYTES + 1];
        assertTrue(refused(CaptionsParser.Format.SRT, huge).getMessage().contains("over the limit"));
    }

    @Test
    void writesASegmentThatMapsCueTimeToTheVideosFirstTimestamp() throws Exception {
        String segment = WebVtt.segment(srt("1\n00:00:01,000 --> 01:00:02,500\nHello\n"), 900_000);
        assertEquals("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000\n\n"
                + "00:00:01.000 --> 01:00:02.500\nHello\n", segment);
        assertEquals(List.of(new Cue(1000, 3_602_500, "Hello")), vtt(segment));
        String playlist = WebVtt.playlist("subs_en.vtt", 61.2);
        assertTrue(playlist.contains("#EXT-X-TARGETDURATION:62\n") && playlist.contains("#EXTINF:61.200,\nsubs_en.vtt\n")
                && playlist.endsWith("#EXT-X-ENDLIST\n"), playlist);
    }
}
