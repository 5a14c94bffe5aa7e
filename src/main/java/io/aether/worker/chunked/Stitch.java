package io.aether.worker.chunked;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.aether.media.ChunkPlan;
import io.aether.media.ChunkCommand;
import io.aether.media.Playlists;
import io.aether.media.Playlists.Segment;
import io.aether.media.Rendition;
import io.aether.media.Storyboard;
import io.aether.store.ChunkStore;
import io.aether.worker.job.StoryboardSheets;

/**
 * Which playlists a chunked video gets from what is stored so far. Only a prefix of chunks with
 * no gap is ever listed, each with the audio that covers it, so whatever order chunks finish in
 * and however often this runs, a playlist never skips or repeats a segment.
 */
final class Stitch {
    /** Audio segments end a few ms off the video grid; this much short still covers a chunk. */
    private static final double AUDIO_SLACK_SECONDS = 0.1;

    private Stitch() {
    }

    /** How many chunks from the first are stored, with their audio. */
    static int publishable(ChunkStore.State state) {
        List<ChunkPlan.Chunk> chunks = state.plan().cut().chunks();
        double audio = state.audio().stream().mapToDouble(Segment::seconds).sum();
        int n = 0;
        while (n < chunks.size() && state.done().containsKey(n)
                && (!state.plan().hasAudio() || state.audioDone()
                || audio + AUDIO_SLACK_SECONDS >= chunks.get(n).seconds() + chunks.get(n).startSeconds())) {
            n++;
        }
        return n;
    }

    /**
     * Whether the video is complete: every chunk published, the audio ended, and every chunk's quality
     * recorded (its figures, or why it has none), so the record never completes with a chunk's missing.
     */
    static boolean complete(ChunkStore.State state, int chunks) {
        return chunks == state.plan().cut().chunks().size() && (!state.plan().hasAudio() || state.audioDone())
                && state.done().values().stream().allMatch(ChunkStore.Done::measured);
    }

    /**
     * The storyboard of the published chunks: each made its own sheets (worker.job.StoryboardSheets),
     * so the cues follow from the plan alone and end where the published prefix ends.
     */
    static String storyboard(ChunkStore.Plan plan, int chunks) {
        int interval = Storyboard.interval(plan.cut().seconds());
        List<Storyboard.Sheet> sheets = new ArrayList<>();
        double end = 0;
        for (int i = 0; i < chunks; i++) {
            ChunkPlan.Chunk chunk = plan.cut().chunks().get(i);
            sheets.addAll(Storyboard.sheets(StoryboardSheets.prefix(chunk.firstSegment()), chunk.startSeconds(),
                    chunk.endSeconds(), interval));
            end = chunk.endSeconds();
        }
        Rendition low = StoryboardSheets.lowest(plan.ladder());
        return Storyboard.vtt(sheets, interval, Storyboard.tileHeight(low.width(), low.height()), end);
    }

    /** The files to write, by name: every variant playlist, the audio playlist, the storyboard and the master. */
    static Map<String, String> playlists(ChunkStore.State state, int chunks, boolean finished) {
        ChunkStore.Plan plan = state.plan();
        int target = plan.cut().segmentSeconds();
        Map<String, String> files = new LinkedHashMap<>();
        Playlists.Audio audio = plan.hasAudio() ? new Playlists.Audio("audio.m3u8", plan.language(), 2) : null;
        long audioPeak = 0;
        long audioAverage = 0;
        if (audio != null) {
            files.put(audio.playlist(), Playlists.media(state.audio(), target, finished));
            // until an audio segment is measured, its nominal rate stands in
            long nominal = ChunkCommand.audioKbps() * 1000L;
            audioPeak = state.audio().isEmpty() ? nominal : Playlists.peakBps(state.audio());
            audioAverage = state.audio().isEmpty() ? nominal : Playlists.averageBps(state.audio());
        }
        List<Playlists.Variant> variants = new ArrayList<>();
        Map<String, String> codecs = state.done().get(0).codecs();
        for (Rendition rung : plan.ladder()) {
            List<Segment> segments = new ArrayList<>();
            for (int i = 0; i < chunks; i++) {
                segments.addAll(state.done().get(i).segments().getOrDefault(rung.name(), List.of()));
            }
            String playlist = rung.name() + ".m3u8";
            files.put(playlist, Playlists.media(segments, target, finished));
            String codec = codecs.getOrDefault(rung.name(), "avc1.640028") + (audio != null ? ",mp4a.40.2" : "");
            variants.add(new Playlists.Variant(playlist, rung.width(), rung.height(), plan.cut().fps(),
                    Playlists.peakBps(segments) + audioPeak, Playlists.averageBps(segments) + audioAverage, codec));
        }
        files.put(StoryboardSheets.VTT, storyboard(plan, chunks));
        files.put("master.m3u8", Playlists.master(variants, audio));
        return files;
    }
}
