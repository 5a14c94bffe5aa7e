package io.aether.worker.chunked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.aether.media.ChunkPlan;
import io.aether.media.Playlists.Segment;
import io.aether.media.Rendition;
import io.aether.media.RungQuality;
import io.aether.store.ChunkStore;
import org.junit.jupiter.api.Test;

/** Only a gapless prefix of chunks, each with its audio, is ever published. */
class StitchTest {
    private static final Rendition RUNG = new Rendition("480p", 854, 480, 1400, 1498, 2100, 96);
    private static final ChunkPlan CUT = ChunkPlan.plan(45, 30, 10, 1, 20);

    @Test
    void aMissingChunkStopsThePrefixWhateverComesAfterIt() {
        ChunkStore.State state = state(true, List.of(0, 1, 3, 4), 45, true);
        assertEquals(2, Stitch.publishable(state));
        assertFalse(Stitch.complete(state, 2));
    }

    @Test
    void aChunkIsPublishedBeforeItsQualityIsInButTheVideoCompletesOnlyOnceEveryChunksIs() {
        ChunkStore.State first = unmeasured(state(true, List.of(0), 45, true), 0);
        assertEquals(1, Stitch.publishable(first), "the first chunk plays before its measure run ends");
        ChunkStore.State all = state(true, List.of(0, 1, 2, 3, 4), 45, true);
        ChunkStore.State lastUnmeasured = unmeasured(all, 3);
        assertEquals(5, Stitch.publishable(lastUnmeasured));
        assertFalse(Stitch.complete(lastUnmeasured, 5), "a chunk's quality is missing");
        // a failed or turned-off measurement is recorded too, with why it has no figures: nothing waits for it
        ChunkStore.State off = measured(all, Map.of("480p", RungQuality.failed(29, "measurement turned off")));
        assertTrue(Stitch.complete(off, 5));
    }

    @Test
    void aChunkWaitsForTheAudioThatCoversIt() {
        assertEquals(1, Stitch.publishable(state(true, List.of(0, 1, 2, 3, 4), 15, false)));
        // audio segments end a few ms off the grid: 19.98 s covers the chunk that ends at 20 s
        assertEquals(2, Stitch.publishable(state(true, List.of(0, 1, 2, 3, 4), 19.98, false)));
        ChunkStore.State all = state(true, List.of(0, 1, 2, 3, 4), 45, true);
        assertEquals(5, Stitch.publishable(all));
        assertTrue(Stitch.complete(all, 5));
        assertFalse(Stitch.complete(state(true, List.of(0, 1, 2, 3, 4), 45, false), 5), "the audio run goes on");
    }

    @Test
    void aSourceWithoutAudioWaitsForNoAudio() {
        ChunkStore.State state = state(false, List.of(0, 1, 2, 3, 4), 0, false);
        assertEquals(5, Stitch.publishable(state));
        assertTrue(Stitch.complete(state, 5));
        String master = Stitch.playlists(state, 5, true).get("master.m3u8");
        assertFalse(master.contains("EXT-X-MEDIA"), master);
        assertFalse(master.contains("mp4a"), master);
    }

    @Test
    void growingPlaylistsListEachSegmentOnceAndEndWhenComplete() {
        Map<String, String> growing = Stitch.playlists(state(true, List.of(0, 1, 3), 45, false), 2, false);
        String variant = growing.get("480p.m3u8");
        assertTrue(variant.contains("#EXT-X-PLAYLIST-TYPE:EVENT"), variant);
        assertEquals(List.of("480p_00000.ts", "480p_00001.ts"), names(variant));
        assertFalse(variant.contains("ENDLIST"));
        assertTrue(growing.get("master.m3u8").contains("AUDIO=\"audio\""));
        assertTrue(growing.get("master.m3u8").contains("CODECS=\"avc1.64001e,mp4a.40.2\""), growing.get("master.m3u8"));

        String done = Stitch.playlists(state(true, List.of(0, 1, 2, 3, 4), 45, true), 5, true).get("480p.m3u8");
        assertEquals(List.of("480p_00000.ts", "480p_00001.ts", "480p_00002.ts", "480p_00003.ts", "480p_00004.ts"),
                names(done));
        assertTrue(done.contains("#EXT-X-PLAYLIST-TYPE:VOD") && done.endsWith("#EXT-X-ENDLIST\n"));
    }

    @Test
    void theStoryboardGrowsWithThePublishedPrefixOneSheetPerChunk() {
        String growing = Stitch.playlists(state(true, List.of(0, 1, 3), 45, false), 2, false).get("storyboard.vtt");
        // chunks [0, 10) and [10, 20) published: tiles at 0, 2 .. 18 s, the last cue ending at 20 s
        assertEquals(10, growing.split("\n\n").length - 1, growing);
        assertTrue(growing.contains("00:00:00.000 --> 00:00:02.000\nstoryboard_00000_00.jpg#xywh=0,0,160,90"), growing);
        assertTrue(growing.contains("00:00:18.000 --> 00:00:20.000\nstoryboard_00001_00.jpg#xywh=640,0,160,90"), growing);
        String done = Stitch.playlists(state(true, List.of(0, 1, 2, 3, 4), 45, true), 5, true).get("storyboard.vtt");
        assertTrue(done.endsWith("00:00:44.000 --> 00:00:45.000\nstoryboard_00004_00.jpg#xywh=320,0,160,90\n"), done);
    }

    private static List<String> names(String playlist) {
        return playlist.lines().filter(l -> l.endsWith(".ts")).toList();
    }

    /** The state with one chunk's segments recorded, its quality not yet. */
    private static ChunkStore.State unmeasured(ChunkStore.State state, int index) {
        Map<Integer, ChunkStore.Done> done = new TreeMap<>(state.done());
        done.put(index, done.get(index).measured(null));
        return new ChunkStore.State(state.plan(), done, state.audio(), state.audioDone(), 0, false);
    }

    private static ChunkStore.State measured(ChunkStore.State state, Map<String, RungQuality> quality) {
        Map<Integer, ChunkStore.Done> done = new TreeMap<>();
        state.done().forEach((i, chunk) -> done.put(i, chunk.measured(quality)));
        return new ChunkStore.State(state.plan(), done, state.audio(), state.audioDone(), 0, false);
    }

    private static ChunkStore.State state(boolean hasAudio, List<Integer> done, double audioSeconds, boolean audioDone) {
        Map<Integer, ChunkStore.Done> chunks = new TreeMap<>();
        for (int i : done) {
            ChunkPlan.Chunk chunk = CUT.chunks().get(i);
            chunks.put(i, new ChunkStore.Done("w", Map.of("480p", List.of(new Segment(
                    String.format("480p_%05d.ts", chunk.firstSegment()), chunk.seconds(), 1_500_000))),
                    i == 0 ? Map.of("480p", "avc1.64001e") : Map.of(), Map.of()));
        }
        List<Segment> audio = new ArrayList<>();
        for (double at = 0; at + 1e-9 < audioSeconds; at += 10) {
            audio.add(new Segment(String.format("audio_%05d.ts", audio.size()), Math.min(10, audioSeconds - at), 160_000));
        }
        return new ChunkStore.State(new ChunkStore.Plan(CUT, List.of(RUNG), hasAudio, "und", null), chunks, audio,
                audioDone, 0, false);
    }
}
