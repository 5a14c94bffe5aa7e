package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which way a video is turned (rotate tag or display matrix, in any notation) and its display size from that. */
class ProbeRotationTest {
    @Test
    void rotationFromLegacyRotateTag() throws Exception {
        String json = """
                {"streams":[{"codec_type":"video","width":1280,"height":720,"avg_frame_rate":"30/1",
                  "tags":{"rotate":"90"}}],
                 "format":{"duration":"3.5"}}
                """;
        ProbeResult p = ProbeParser.parse(json);
        assertEquals(90, p.rotation());
        assertEquals(720, p.displayWidth());
        assertEquals(1280, p.displayHeight());
    }

    @Test
    void rotateTagWinsOverSideData() throws Exception {
        String json = """
                {"streams":[{"codec_type":"video","width":1280,"height":720,"avg_frame_rate":"30/1",
                  "tags":{"rotate":"180"},"side_data_list":[{"side_data_type":"Display Matrix","rotation":-90}]}],
                 "format":{"duration":"3.5"}}
                """;
        assertEquals(180, ProbeParser.parse(json).rotation());
    }

    @Test
    void sideDataWithoutRotationIsSkipped() throws Exception {
        String json = """
                {"streams":[{"codec_type":"video","width":1280,"height":720,"avg_frame_rate":"30/1",
                  "side_data_list":[{"side_data_type":"CPB properties","max_bitrate":0},
                                    {"side_data_type":"Display Matrix","rotation":180}]}],
                 "format":{"duration":"3.5"}}
                """;
        ProbeResult p = ProbeParser.parse(json);
        assertEquals(180, p.rotation());
        assertEquals(1280, p.displayWidth());
    }

    @ParameterizedTest
    @CsvSource({"0,0", "90,90", "-90,270", "180,180", "-180,180", "270,270", "-270,90", "360,0",
            "450,90", "89.9,90", "-90.00,270"})
    void rotationIsNormalised(String raw, int expected) throws Exception {
        String json = """
                {"streams":[{"codec_type":"video","width":640,"height":480,"avg_frame_rate":"25/1",
                  "side_data_list":[{"side_data_type":"Display Matrix","rotation":%s}]}],
                 "format":{"duration":"1"}}
                """.formatted(raw);
        assertEquals(expected, ProbeParser.parse(json).rotation());
    }

    @Test
    void probeResultSwapsOnlyForQuarterTurns() {
        assertEquals(100, new ProbeResult(1, 100, 50, 0, true, 30).displayWidth());
        assertEquals(100, new ProbeResult(1, 100, 50, 180, true, 30).displayWidth());
        assertEquals(50, new ProbeResult(1, 100, 50, 90, true, 30).displayWidth());
        assertEquals(100, new ProbeResult(1, 100, 50, 90, true, 30).displayHeight());
        assertEquals(50, new ProbeResult(1, 100, 50, 270, true, 30).displayWidth());
        assertEquals(50, new ProbeResult(1, 100, 50, -90, true, 30).displayWidth());
        assertEquals(100, new ProbeResult(1, 100, 50, -270, true, 30).displayHeight());
        assertEquals(50, new ProbeResult(1, 100, 50, 0, true, 30).displayHeight());
    }
}
