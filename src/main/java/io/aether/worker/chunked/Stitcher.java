package io.aether.worker.chunked;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.aether.jobs.JobEvent;
import io.aether.store.ChunkStore;
import io.aether.store.SubtitledMasters;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import io.aether.worker.job.Deletions;
import io.aether.worker.job.ProcessedObjects;
import io.aether.worker.quality.Measuring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what a chunked video has so far: after every stored chunk or audio segment, the
 * playlists grow to the longest gapless prefix (see {@link Stitch}); when the last part is in,
 * they become VOD and the video completes, once. A short lock keeps two workers from writing at
 * the same time; the worker that held it looks again after letting go, so a part stored
 * meanwhile by a worker that found the lock taken is never left unpublished.
 */
public final class Stitcher {
    private static final Logger LOG = LoggerFactory.getLogger(Stitcher.class);
    private static final long LOCK_MS = 30_000;
    private static final int ROUNDS = 10;

    private final ChunkStore chunks;
    private final VideoStore videos;
    private final ProcessedObjects objects;
    private final Deletions deletions;
    private final SubtitledMasters masters;
    private final Measuring measuring;

    public Stitcher(ChunkStore chunks, VideoStore videos, ProcessedObjects objects, Deletions deletions,
                    SubtitledMasters masters, Measuring measuring) {
        this.measuring = measuring;
        this.masters = masters;
        this.deletions = deletions;
        this.chunks = chunks;
        this.videos = videos;
        this.objects = objects;
    }

    public void publish(String videoId) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String token = UUID.randomUUID().toString();
            if (!chunks.lock(videoId, token, LOCK_MS)) {
                return;
            }
            try {
                publishHeld(videoId);
            } finally {
                chunks.unlock(videoId, token);
            }
            ChunkStore.State after = chunks.state(videoId).orElse(null);
            if (after == null || after.finished() || !behind(after)) {
                return;
            }
        }
    }

    private static boolean behind(ChunkStore.State state) {
        int n = Stitch.publishable(state);
        return n > state.published() || Stitch.complete(state, n);
    }

    private void publishHeld(String videoId) throws Exception {
        ChunkStore.State state = chunks.state(videoId).orElse(null);
        if (state == null || state.finished() || !behind(state)) {
            return;
        }
        int n = Stitch.publishable(state);
        boolean complete = Stitch.complete(state, n);
        Map<String, String> files = Stitch.playlists(state, n, complete);
        // media playlists before the master, so the master never names a playlist not stored yet
        for (Map.Entry<String, String> file : files.entrySet()) {
            if (!file.getKey().equals("master.m3u8")) {
                objects.put(videoId, file.getKey(), file.getValue());
            }
        }
        masters.publish(videoId, files.get("master.m3u8"));
        deletions.stored(videoId);
        // playable (and its video.ready webhook) before the count: a crash in between repeats the
        // publish, and playable lands once
        if (state.published() == 0) {
            videos.playable(videoId);
            LOG.info("Video {} is playable: {} of {} chunks stored", videoId, n, state.plan().cut().chunks().size());
        }
        chunks.published(videoId, n, complete);
        if (complete && videos.apply(videoId, JobEvent.SUCCEED,
                new Video.Changes().progress(100).completedAt(Instant.now()).error("")
                        .quality(measuring.pooled(state)), null, 0).applied()) {
            deletions.completed(videoId);
            measuring.completed(state);
            LOG.info("Video {} completed: {} chunks stitched", videoId, n);
        }
    }
}
