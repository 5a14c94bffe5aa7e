package io.aether.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.aether.media.Playlists.Segment;
import org.junit.jupiter.api.Test;

class PlaylistsTest {
    private static final List<Segment> SEGMENTS = List.of(
            new Segment("720p_00000.ts", 10.0, 2_500_000), new Segment("720p_00001.ts", 10.0, 3_000_000),
            new Segment("720p_00002.ts", 4.5, 1_000_000));

    @Test
    void aGrowingPlaylistIsAnEventAndAFinishedOneVodWithAnEnd() {
        String growing = Playlists.media(SEGMENTS.subList(0, 2), 10, false);
        assertTrue(growing.contains("#EXT-X-PLAYLIST-TYPE:EVENT\n"));
        assertFalse(growing.contains("#EXT-X-ENDLIST"));
        String done = Playlists.media(SEGMENTS, 10, true);
        assertTrue(done.contains("#EXT-X-PLAYLIST-TYPE:VOD\n"));
        assertTrue(done.endsWith("#EXTINF:4.500000,\n720p_00002.ts\n#EXT-X-ENDLIST\n"), done);
        assertTrue(done.contains("#EXT-X-TARGETDURATION:10\n"));
    }

    @Test
    void segmentsAreReadBackFromAPlaylistFfmpegWrote() {
        String ffmpeg = "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:10\n#EXTINF:10.005333,\naudio_00000.ts\n"
                + "#EXTINF:9.984000,\naudio_00001.ts\n#EXT-X-ENDLIST\n";
        assertEquals(List.of(new Segment("audio_00000.ts", 10.005333, 7), new Segment("audio_00001.ts", 9.984, 7)),
                Playlists.segments(ffmpeg, name -> 7));
    }

    @Test
    void theMasterCarriesWhatTheAuthoringSpecAsksFor() {
        String master = Playlists.master(List.of(new Playlists.Variant("720p.m3u8", 1280, 720, 30, 2_400_000,
                2_000_000, "avc1.64001f,mp4a.40.2")), new Playlists.Audio("audio.m3u8", "und", 2));
        assertEquals("""
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Audio",LANGUAGE="und",DEFAULT=YES,AUTOSELECT=YES,\
                CHANNELS="2",URI="audio.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=2400000,AVERAGE-BANDWIDTH=2000000,CODECS="avc1.64001f,mp4a.40.2",\
                RESOLUTION=1280x720,FRAME-RATE=30.000,AUDIO="audio"
                720p.m3u8
                """, master);
    }

    @Test
    void bandwidthIsMeasuredFromSegments() {
        assertEquals(2_400_000, Playlists.peakBps(SEGMENTS));
        assertEquals(Math.round(6_500_000 * 8 / 24.5), Playlists.averageBps(SEGMENTS));
        assertEquals(0, Playlists.averageBps(List.of()));
    }

    @Test
    void codecStringsFollowRfc6381() {
        assertEquals("avc1.640028", Playlists.avc1("High", 40));
        assertEquals("avc1.4d001f", Playlists.avc1("Main", 31));
        assertEquals("avc1.42c01e", Playlists.avc1("Constrained Baseline", 30));
    }
}
