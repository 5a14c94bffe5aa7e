package io.aether.api;

import io.aether.events.Events;
import io.aether.jobs.TranscodeJob;
import io.aether.queue.StreamQueue;
import io.aether.store.VideoObjects;
import io.aether.store.VideoStore;
import io.aether.tus.TusUploads;
import io.aether.webhooks.WebhookStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DELETE /api/v1/videos/{id}: everything under the id goes, in an order that leaves nothing behind
 * when a worker is still at it. An unfinished tus upload is ended first, so it cannot record the
 * video later. Then the Redis state goes in one step: from then on every guarded write of a worker
 * finds nothing to write to, and a worker whose video is gone ends its ffmpeg (worker.Deletions).
 * Waiting jobs and webhook deliveries are dropped. The objects go last: a worker checks after storing objects that its
 * video still exists and removes them otherwise, so anything stored before the record went is
 * found here, and anything stored after it is removed by its writer.
 */
public final class VideoDeletion {
    private static final Logger LOG = LoggerFactory.getLogger(VideoDeletion.class);
    /** How long a delete waits for a tus request holding the upload (a PATCH) to end. */
    private static final long TUS_WAIT_MS = 10_000;

    private final VideoStore videos;
    private final VideoObjects objects;
    private final TusUploads uploads;
    private final StreamQueue queue;
    private final WebhookStore webhooks;
    private final Events events;

    public VideoDeletion(VideoStore videos, VideoObjects objects, TusUploads uploads, StreamQueue queue,
            WebhookStore webhooks, Events events) {
        this.events = events;
        this.videos = videos;
        this.objects = objects;
        this.uploads = uploads;
        this.queue = queue;
        this.webhooks = webhooks;
    }

    /**
     * Deletes the owner's video, or unfinished upload, with this id; 404 when there is neither, and
     * when it is someone else's (never confirming that it exists).
     */
    public void delete(String id, String owner) throws Exception {
        boolean video = videos.findOwned(id, owner).isPresent();
        boolean upload = uploads.find(id).filter(u -> u.ownedBy(owner)).isPresent();
        if (!video && !upload) {
            throw new VideoNotFound(id);
        }
        uploads.discard(id, TUS_WAIT_MS);
        videos.purge(id);
        // open WebSockets on the video hear it and close, on whichever replica they are
        events.deleted(id);
        // after the purge no state change can make a new delivery: its script finds no record
        webhooks.forget(id);
        long jobs = queue.drop(TranscodeJob.VIDEO_ID, id);
        int removed = objects.removeAll(id);
        LOG.info("Video {} deleted: {} objects, {} waiting jobs", id, removed, jobs);
    }
}
