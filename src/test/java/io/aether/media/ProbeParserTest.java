package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * ProbeParser on what ffprobe prints for real files: a camera's MP4, a phone's portrait video, a screen
 * recording, audio with and without cover art.
 */
class ProbeParserTest {

    private static final String MP4_WITH_AUDIO = """
            {
                "streams": [
                    {
                        "index": 0, "codec_name": "h264", "profile": "High", "codec_type": "video",
                        "codec_tag_string": "avc1", "width": 1920, "height": 1080,
                        "coded_width": 1920, "coded_height": 1080, "sample_aspect_ratio": "1:1",
                        "pix_fmt": "yuv420p", "level": 40,
                        "r_frame_rate": "30000/1001", "avg_frame_rate": "30000/1001",
                        "time_base": "1/30000", "start_pts": 0, "start_time": "0.000000",
                        "duration_ts": 1801800, "duration": "60.060000", "bit_rate": "4996382",
                        "nb_frames": "1800",
                        "disposition": { "default": 1, "dub": 0, "attached_pic": 0, "still_image": 0 },
                        "tags": { "language": "und", "handler_name": "VideoHandler" }
                    },
                    {
                        "index": 1, "codec_name": "aac", "profile": "LC", "codec_type": "audio",
                        "sample_fmt": "fltp", "sample_rate": "48000", "channels": 2,
                        "channel_layout": "stereo", "r_frame_rate": "0/0", "avg_frame_rate": "0/0",
                        "time_base": "1/48000", "duration": "60.074667", "bit_rate": "128000",
                        "disposition": { "default": 1, "attached_pic": 0 },
                        "tags": { "language": "eng", "handler_name": "SoundHandler" }
                    }
                ],
                "format": {
                    "filename": "in.mp4", "nb_streams": 2, "nb_programs": 0,
                    "format_name": "mov,mp4,m4a,3gp,3g2,mj2", "start_time": "0.000000",
                    "duration": "60.074667", "size": "38512345", "bit_rate": "5128611",
                    "probe_score": 100, "tags": { "major_brand": "isom" }
                }
            }
            """;

    // What ffprobe 5+ prints for a phone clip shot in portrait: the matrix, no rotate tag.
    static final String PHONE_PORTRAIT = """
            {
                "streams": [
                    {
                        "index": 0, "codec_name": "hevc", "codec_type": "video",
                        "width": 1920, "height": 1080,
                        "r_frame_rate": "30/1", "avg_frame_rate": "10800/361", "duration": "12.033333",
                        "disposition": { "default": 1, "attached_pic": 0 },
                        "tags": { "creation_time": "2024-05-01T10:00:00.000000Z", "handler_name": "Core Media Video" },
                        "side_data_list": [
                            {
                                "side_data_type": "Display Matrix",
                                "displaymatrix": "\\n00000000:            0       65536           0\\n",
                                "rotation": -90
                            }
                        ]
                    },
                    {
                        "index": 1, "codec_name": "aac", "codec_type": "audio", "channels": 1,
                        "r_frame_rate": "0/0", "avg_frame_rate": "0/0", "duration": "12.040000"
                    }
                ],
                "format": { "filename": "IMG_0001.MOV", "nb_streams": 2, "duration": "12.040000" }
            }
            """;

    static final String SCREEN_RECORDING_NO_AUDIO = """
            {
                "streams": [
                    {
                        "index": 0, "codec_name": "vp9", "codec_type": "video",
                        "width": 1280, "height": 720,
                        "r_frame_rate": "25/1", "avg_frame_rate": "25/1",
                        "disposition": { "default": 1, "attached_pic": 0 },
                        "tags": { "DURATION": "00:00:08.000000000" }
                    }
                ],
                "format": { "filename": "rec.webm", "format_name": "matroska,webm", "duration": "8.000000" }
            }
            """;

    private static final String MP3_ONLY = """
            {
                "streams": [
                    {
                        "index": 0, "codec_name": "mp3", "codec_type": "audio",
                        "sample_fmt": "fltp", "sample_rate": "44100", "channels": 2,
                        "r_frame_rate": "0/0", "avg_frame_rate": "0/0",
                        "duration": "215.640816", "bit_rate": "320000",
                        "disposition": { "default": 0, "attached_pic": 0 }
                    }
                ],
                "format": { "filename": "song.mp3", "format_name": "mp3", "duration": "215.640816" }
            }
            """;

    // mp3 with embedded album art: the art is a "video" stream flagged attached_pic.
    private static final String MP3_WITH_COVER = """
            {
                "streams": [
                    {
                        "index": 0, "codec_name": "mp3", "codec_type": "audio",
                        "r_frame_rate": "0/0", "avg_frame_rate": "0/0", "duration": "215.640816",
                        "disposition": { "default": 0, "attached_pic": 0 }
                    },
                    {
                        "index": 1, "codec_name": "mjpeg", "codec_type": "video",
                        "width": 600, "height": 600,
                        "r_frame_rate": "90000/1", "avg_frame_rate": "0/0", "duration": "215.640816",
                        "disposition": { "default": 0, "attached_pic": 1 },
                        "tags": { "comment": "Cover (front)" }
                    }
                ],
                "format": { "filename": "song.mp3", "format_name": "mp3", "duration": "215.640816" }
            }
            """;

    // mp4 whose cover art comes before the real video stream.
    private static final String MP4_COVER_THEN_VIDEO = """
            {
                "streams": [
                    {
                        "index": 0, "codec_name": "png", "codec_type": "video",
                        "width": 500, "height": 500,
                        "r_frame_rate": "90000/1", "avg_frame_rate": "0/0",
                        "disposition": { "default": 0, "attached_pic": 1 }
                    },
                    {
                        "index": 1, "codec_name": "h264", "codec_type": "video",
                        "width": 1280, "height": 544,
                        "r_frame_rate": "24000/1001", "avg_frame_rate": "24000/1001", "duration": "95.512000",
                        "disposition": { "default": 1, "attached_pic": 0 }
                    },
                    {
                        "index": 2, "codec_name": "ac3", "codec_type": "audio", "channels": 6,
                        "r_frame_rate": "0/0", "avg_frame_rate": "0/0"
                    }
                ],
                "format": { "filename": "film.mp4", "duration": "95.530000" }
            }
            """;

    @Test
    void parsesOrdinaryMp4() throws Exception {
        ProbeResult p = ProbeParser.parse(MP4_WITH_AUDIO);
        assertEquals(60.074667, p.durationSeconds(), 1e-9);
        assertEquals(1920, p.width());
        assertEquals(1080, p.height());
        assertEquals(0, p.rotation());
        assertTrue(p.hasAudio());
        assertEquals(30000.0 / 1001, p.frameRate(), 1e-9);
        assertEquals(1920, p.displayWidth());
        assertEquals(1080, p.displayHeight());
        assertTrue(p.headerComplete());
    }

    @Test
    void rotationFromSideDataSwapsDisplaySize() throws Exception {
        ProbeResult p = ProbeParser.parse(PHONE_PORTRAIT);
        assertEquals(270, p.rotation());
        assertEquals(1920, p.width());
        assertEquals(1080, p.displayWidth());
        assertEquals(1920, p.displayHeight());
        assertEquals(10800.0 / 361, p.frameRate(), 1e-9);
        assertEquals(12.04, p.durationSeconds(), 1e-9);
    }

    @Test
    void videoWithoutAudio() throws Exception {
        ProbeResult p = ProbeParser.parse(SCREEN_RECORDING_NO_AUDIO);
        assertFalse(p.hasAudio());
        assertEquals(8.0, p.durationSeconds(), 1e-9);
        assertEquals(25.0, p.frameRate(), 1e-9);
    }

    @Test
    void audioOnlyFileIsRejected() {
        InvalidMediaException e = assertThrows(InvalidMediaException.class, () -> ProbeParser.parse(MP3_ONLY));
        assertEquals("input has no video stream", e.getMessage());
    }

    @Test
    void coverArtAloneDoesNotCountAsVideo() {
        InvalidMediaException e = assertThrows(InvalidMediaException.class,
                () -> ProbeParser.parse(MP3_WITH_COVER));
        assertEquals("input has no video stream", e.getMessage());
    }

    @Test
    void coverArtIsSkippedInFavourOfRealVideo() throws Exception {
        ProbeResult p = ProbeParser.parse(MP4_COVER_THEN_VIDEO);
        assertEquals(1280, p.width());
        assertEquals(544, p.height());
        assertEquals(24000.0 / 1001, p.frameRate(), 1e-9);
        assertEquals(95.53, p.durationSeconds(), 1e-9);
        assertTrue(p.hasAudio());
    }
}
