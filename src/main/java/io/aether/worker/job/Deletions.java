package io.aether.worker.job;

import io.aether.child.ChildProcesses;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.aether.store.VideoObjects;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a worker notices that the video of its job was deleted (docs/api.md: Deleting a video). While a job runs,
 * its video's record is looked for every second; once it is gone, the job's ffmpeg is ended and
 * the job is skipped (acknowledged, its temp files removed). After storing objects a worker checks
 * again and removes whatever it stored if the video went meanwhile, so a delete racing a
 * transcode leaves nothing behind.
 */
public final class Deletions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Deletions.class);
    private static final long PERIOD_MS = 1000;

    private final VideoStore videos;
    private final VideoObjects objects;
    private final ChildProcesses children;
    private final boolean deleteRawAfterTranscode;
    private final ScheduledExecutorService timer;

    /**
     * @param deleteRawAfterTranscode whether a video's source goes once its ladder is complete
     * @param timer looks for deletes of running jobs' videos; Camel's, named and stopped with the context
     */
    public Deletions(VideoStore videos, VideoObjects objects, ChildProcesses children, boolean deleteRawAfterTranscode,
            ScheduledExecutorService timer) {
        this.videos = videos;
        this.timer = timer;
        this.objects = objects;
        this.children = children;
        this.deleteRawAfterTranscode = deleteRawAfterTranscode;
    }

    /** After a video completed: its source goes when the retention setting says so. */
    public void completed(String videoId) {
        if (!deleteRawAfterTranscode) {
            return;
        }
        try {
            String rawKey = videos.find(videoId).map(Video::rawKey).orElse(videoId + "/source");
            objects.removeRaw(rawKey);
            LOG.info("Video {}: source removed after the transcode", videoId);
        } catch (Exception e) {
            LOG.warn("Video {}: could not remove the source after the transcode: {}", videoId, e.toString());
        }
    }

    /** Starts watching the job running on this thread; it stops with the job's temp files. */
    public void watch(Job job) {
        String videoId = job.videoId();
        Thread thread = Thread.currentThread();
        AtomicBoolean gone = new AtomicBoolean();
        ScheduledFuture<?> task = timer.scheduleWithFixedDelay(() -> {
            try {
                if (!videos.exists(videoId)) {
                    if (!gone.getAndSet(true)) {
                        LOG.info("Video {} was deleted: its job ends", videoId);
                    }
                    children.endFor(thread);
                }
            } catch (RuntimeException e) {
                // Redis unreachable says nothing about the video; the next look decides
                LOG.debug("Could not look for video {}: {}", videoId, e.toString());
            }
        }, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        job.watchDeletion(() -> task.cancel(false));
    }

    /** Before judging how a child ended: a child ended because its video is gone skips the job. */
    public void check(String videoId) {
        if (!videos.exists(videoId)) {
            throw new JobSkipped("video " + videoId + " was deleted");
        }
    }

    /** Route step after the publish: what this job stored goes again if its video was deleted meanwhile. */
    public void stored(Exchange exchange) throws Exception {
        stored(Job.of(exchange).videoId());
    }

    /** After storing objects of a video: if it was deleted meanwhile, they are removed and the job is skipped. */
    public void stored(String videoId) throws Exception {
        if (!videos.exists(videoId)) {
            int removed = objects.removeAll(videoId);
            LOG.info("Video {} was deleted while its job stored objects: removed {}", videoId, removed);
            throw new JobSkipped("video " + videoId + " was deleted");
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
