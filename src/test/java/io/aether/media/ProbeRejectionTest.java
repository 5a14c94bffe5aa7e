package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What ProbeParser refuses: no usable size, output that is not ffprobe's JSON, no video stream at all. */
class ProbeRejectionTest {
    @ParameterizedTest
    @CsvSource({"0,360", "640,0", "-640,360"})
    void zeroOrNegativeSizeIsRejected(int w, int h) {
        String json = """
                {"streams":[{"codec_type":"video","width":%d,"height":%d}],"format":{"duration":"1"}}
                """.formatted(w, h);
        InvalidMediaException e = assertThrows(InvalidMediaException.class, () -> ProbeParser.parse(json));
        assertTrue(e.getMessage().contains("size"), e.getMessage());
    }

    @Test
    void missingSizeIsRejected() {
        String json = """
                {"streams":[{"codec_type":"video","codec_name":"h264"}],"format":{"duration":"1"}}
                """;
        assertThrows(InvalidMediaException.class, () -> ProbeParser.parse(json));
    }

    @Test
    void invalidJsonIsRejectedWithCause() {
        InvalidMediaException e = assertThrows(InvalidMediaException.class,
                () -> ProbeParser.parse("{\"streams\": [ {"));
        assertEquals("ffprobe output is not valid JSON", e.getMessage());
        assertInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class, e.getCause());
    }

    @Test
    void ffprobeErrorTextIsRejected() {
        // What lands on stdout+stderr if ffprobe cannot open the file.
        assertThrows(InvalidMediaException.class,
                () -> ProbeParser.parse("in.mp4: Invalid data found when processing input"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "[]", "42", "\"text\""})
    void emptyOrNonObjectIsRejected(String json) {
        assertThrows(InvalidMediaException.class, () -> ProbeParser.parse(json));
    }

    @Test
    void nullIsRejected() {
        assertThrows(InvalidMediaException.class, () -> ProbeParser.parse(null));
    }

    @Test
    void emptyStreamsIsRejected() {
        InvalidMediaException e = assertThrows(InvalidMediaException.class,
                () -> ProbeParser.parse("{\"streams\":[],\"format\":{\"duration\":\"1\"}}"));
        assertEquals("input has no video stream", e.getMessage());
    }
}
