package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Where a source's picture ends (ProbeResult.pictureSeconds), which may be before its sound does. */
class ProbePictureTest {
    /** A screen recording whose capture stopped at 12 s while the microphone went on to 30 s. */
    private static final String SOUND_OUTLASTS_PICTURE = """
            {
                "streams": [
                    { "index": 0, "codec_type": "video", "width": 1280, "height": 720, "avg_frame_rate": "30/1",
                      "start_time": "0.000000", "duration": "12.000000" },
                    { "index": 1, "codec_type": "audio", "start_time": "0.000000", "duration": "30.000000" }
                ],
                "format": { "format_name": "mov,mp4,m4a,3gp,3g2,mj2", "start_time": "0.000000", "duration": "30.000000" }
            }
            """;

    /** An MPEG-TS capture: the clock starts at 1.4 s, the picture 0.5 s after the sound. */
    private static final String PICTURE_STARTS_LATE = """
            {
                "streams": [
                    { "codec_type": "audio", "start_time": "1.400000", "duration": "20.000000" },
                    { "codec_type": "video", "width": 640, "height": 360, "avg_frame_rate": "25/1",
                      "start_time": "1.900000", "duration": "8.000000" }
                ],
                "format": { "format_name": "mpegts", "start_time": "1.400000", "duration": "20.000000" }
            }
            """;

    @Test
    void thePictureMayEndBeforeTheSound() throws Exception {
        ProbeResult p = ProbeParser.parse(SOUND_OUTLASTS_PICTURE);
        assertEquals(30.0, p.durationSeconds(), 1e-9, "the video plays as long as its sound");
        assertEquals(12.0, p.pictureSeconds(), 1e-9);
        assertEquals(8.5, ProbeParser.parse(PICTURE_STARTS_LATE).pictureSeconds(), 1e-9, "from the container's start");
    }

    /** Matroska keeps a stream's length in a tag only; an MKV from OBS whose capture stopped at 5.5 s. */
    private static final String MATROSKA_TAGGED = """
            {
                "streams": [
                    { "codec_type": "video", "width": 1920, "height": 1080, "avg_frame_rate": "60/1",
                      "start_time": "0.000000", "tags": { "DURATION": "00:00:05.500000000" } },
                    { "codec_type": "audio", "start_time": "0.000000", "tags": { "DURATION": "00:01:02.250000000" } }
                ],
                "format": { "format_name": "matroska,webm", "start_time": "0.000000", "duration": "62.250000" }
            }
            """;

    @Test
    void aMatroskaPictureEndsWhereItsDurationTagSays() throws Exception {
        assertEquals(5.5, ProbeParser.parse(MATROSKA_TAGGED).pictureSeconds(), 1e-9);
        assertEquals(8.0, ProbeParser.parse(ProbeParserTest.SCREEN_RECORDING_NO_AUDIO).pictureSeconds(), 1e-9);
    }

    @Test
    void thePictureIsAsLongAsTheContainerAtMost() throws Exception {
        assertEquals(12.033333, ProbeParser.parse(ProbeParserTest.PHONE_PORTRAIT).pictureSeconds(), 1e-9, "sound a little longer");
        String longer = SOUND_OUTLASTS_PICTURE.replace("\"12.000000\"", "\"31.000000\"");
        assertEquals(30.0, ProbeParser.parse(longer).pictureSeconds(), 1e-9, "a stream never past its container");
        String none = SOUND_OUTLASTS_PICTURE.replace("\"duration\": \"12.000000\"", "\"duration\": \"N/A\"");
        assertEquals(30.0, ProbeParser.parse(none).pictureSeconds(), 1e-9, "nothing said: as long as the container");
    }
}
