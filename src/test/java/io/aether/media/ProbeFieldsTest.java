package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fields ffprobe leaves out, puts elsewhere or writes oddly: the duration, the frame rate, a complete header. */
class ProbeFieldsTest {
    @Test
    void onlyAHeaderThatDescribesAllFromZeroSparesTheTrialsTheirProbes() throws Exception {
        String stream = """
                {"streams":[{"codec_type":"video","width":1280,"height":720,"avg_frame_rate":"30/1"}],
                 "format":{"duration":"3.5"%s}}
                """;
        assertTrue(ProbeParser.parse(stream.formatted(
                ",\"format_name\":\"matroska,webm\",\"start_time\":\"0.000000\"")).headerComplete());
        // an MPEG-TS's streams are found by reading it, and its clock rarely starts at 0
        assertFalse(ProbeParser.parse(stream.formatted(
                ",\"format_name\":\"mpegts\",\"start_time\":\"1.400000\"")).headerComplete());
        // an MP4 starting later: ffmpeg would seek from 0 without the start its probe finds
        assertFalse(ProbeParser.parse(stream.formatted(
                ",\"format_name\":\"mov,mp4,m4a,3gp,3g2,mj2\",\"start_time\":\"0.500000\"")).headerComplete());
        assertFalse(ProbeParser.parse(stream.formatted("")).headerComplete());
    }

    @Test
    void durationFallsBackToVideoStream() throws Exception {
        String json = """
                {"streams":[{"codec_type":"video","width":640,"height":360,"avg_frame_rate":"25/1",
                  "duration":"7.250000"}],
                 "format":{"filename":"x.ts","duration":"N/A"}}
                """;
        assertEquals(7.25, ProbeParser.parse(json).durationSeconds(), 1e-9);
    }

    @Test
    void durationFallsBackWhenFormatHasNone() throws Exception {
        String json = """
                {"streams":[{"codec_type":"video","width":640,"height":360,"duration":"2.5"}],
                 "format":{"filename":"x.ts"}}
                """;
        assertEquals(2.5, ProbeParser.parse(json).durationSeconds(), 1e-9);
    }

    @Test
    void numericDurationIsAccepted() throws Exception {
        String json = """
                {"streams":[{"codec_type":"video","width":640,"height":360}],"format":{"duration":9.5}}
                """;
        assertEquals(9.5, ProbeParser.parse(json).durationSeconds(), 1e-9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"0.000000\"", "\"-1.5\"", "\"N/A\"", "null", "\"\"", "\"abc\"", "0"})
    void unusableDurationIsRejected(String duration) {
        String json = """
                {"streams":[{"codec_type":"video","width":640,"height":360,"duration":%s}],
                 "format":{"duration":%s}}
                """.formatted(duration, duration);
        InvalidMediaException e = assertThrows(InvalidMediaException.class, () -> ProbeParser.parse(json));
        assertEquals("input has no duration", e.getMessage());
    }

    @Test
    void missingDurationEverywhereIsRejected() {
        String json = """
                {"streams":[{"codec_type":"video","width":640,"height":360}],"format":{}}
                """;
        InvalidMediaException e = assertThrows(InvalidMediaException.class, () -> ProbeParser.parse(json));
        assertEquals("input has no duration", e.getMessage());
    }

    @Test
    void frameRateFallsBackToRFrameRate() throws Exception {
        String json = """
                {"streams":[{"codec_type":"video","width":640,"height":360,
                  "avg_frame_rate":"0/0","r_frame_rate":"24/1"}],"format":{"duration":"1"}}
                """;
        assertEquals(24.0, ProbeParser.parse(json).frameRate(), 1e-9);
    }

    @Test
    void unknownFrameRateDefaultsTo30() throws Exception {
        String json = """
                {"streams":[{"codec_type":"video","width":640,"height":360,
                  "avg_frame_rate":"0/0","r_frame_rate":"0/0"}],"format":{"duration":"1"}}
                """;
        assertEquals(30.0, ProbeParser.parse(json).frameRate(), 1e-9);
    }

    @Test
    void missingFrameRateDefaultsTo30() throws Exception {
        String json = """
                {"streams":[{"codec_type":"video","width":640,"height":360}],"format":{"duration":"1"}}
                """;
        assertEquals(30.0, ProbeParser.parse(json).frameRate(), 1e-9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "30/0", "-30/1", "a/b", "1/"})
    void junkFrameRateFallsBack(String rate) throws Exception {
        String json = """
                {"streams":[{"codec_type":"video","width":640,"height":360,
                  "avg_frame_rate":"%s","r_frame_rate":"50/1"}],"format":{"duration":"1"}}
                """.formatted(rate);
        assertEquals(50.0, ProbeParser.parse(json).frameRate(), 1e-9);
    }
}
