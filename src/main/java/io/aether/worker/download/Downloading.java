package io.aether.worker.download;

import java.nio.file.Path;

import io.aether.child.ChildOutput;
import io.aether.child.ChildResult;
import io.aether.jobs.DownloadJob;
import io.aether.jobs.JobState;
import io.aether.media.DownloadCommand;
import io.aether.store.Downloads;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import io.aether.worker.job.Deletions;
import io.aether.worker.job.Job;
import io.aether.worker.job.JobSkipped;
import io.aether.worker.job.Outcomes;
import io.aether.worker.job.TransientFailure;
import io.aether.worker.job.WorkDirs;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a download job (routes/worker/download.yaml): take the download, fetch the rung's
 * segments and the audio's, copy them into one MP4 (or M4A) with ffmpeg, store it under the video's
 * prefix and mark it ready. A video deleted meanwhile ends the run and leaves nothing stored.
 */
public final class Downloading {
    private static final Logger LOG = LoggerFactory.getLogger(Downloading.class);
    private static final String OUTPUT = "AetherDownloadOutput";

    private final VideoStore videos;
    private final Downloads downloads;
    private final WorkDirs workDirs;
    private final Outcomes outcomes;
    private final Deletions deletions;
    private final MinioClient minio;
    private final String bucket;
    private final String ffmpeg;

    public Downloading(VideoStore videos, Downloads downloads, WorkDirs workDirs, Outcomes outcomes,
            Deletions deletions, MinioClient minio, String bucket, String ffmpeg) {
        this.videos = videos;
        this.downloads = downloads;
        this.workDirs = workDirs;
        this.outcomes = outcomes;
        this.deletions = deletions;
        this.minio = minio;
        this.bucket = bucket;
        this.ffmpeg = ffmpeg;
    }

    static String rendition(Exchange exchange) {
        return exchange.getMessage().getHeader(DownloadJob.RENDITION, String.class);
    }

    /** Takes the download while it waits (or an earlier attempt left it active), and watches for a delete. */
    public void start(Exchange exchange) throws Exception {
        Job job = Job.of(exchange);
        String id = job.videoId();
        outcomes.handBackIfStopping(exchange, "the download");
        Video video = videos.find(id).orElseThrow(() -> new JobSkipped("video " + id + " is gone"));
        if (video.status() != JobState.COMPLETED || !downloads.start(id, rendition(exchange))) {
            throw new JobSkipped("download " + rendition(exchange) + " of video " + id + " is not waiting");
        }
        job.dir(workDirs.create(id));
        deletions.watch(job);
        LOG.info("Video {}: making download {} on {}", id, rendition(exchange), job.worker());
    }

    /** Fetches the segments and sets the ffmpeg run that copies them into one file. */
    public void command(Exchange exchange) throws Exception {
        Job job = Job.of(exchange);
        String id = job.videoId();
        String rendition = rendition(exchange);
        Video video = videos.find(id).orElseThrow(() -> new JobSkipped("video " + id + " was deleted"));
        if (video.renditions().isEmpty()) {
            throw new IllegalStateException("the video has no renditions");
        }
        String highest = video.renditions().get(0).name();
        String rung = Downloads.AUDIO.equals(rendition) ? null
                : Downloads.HIGHEST.equals(rendition) ? highest : rendition;
        Sources.Segments segments;
        try {
            segments = new Sources(minio, bucket).fetch(id, rung, highest, video.hasAudio(), job.dir());
        } catch (Exception e) {
            deletions.check(id); // its segments went with a deleted video
            throw e;
        }
        Path output = job.dir().resolve("out").resolve(Downloads.file(rendition));
        exchange.setProperty(OUTPUT, output);
        job.command(DownloadCommand.mp4(ffmpeg, segments.video(), segments.audio(), output));
    }

    /** A failed run is worth another attempt, unless the video went or the worker is stopping. */
    public void made(Exchange exchange) throws Exception {
        ChildResult result = exchange.getMessage().getMandatoryBody(ChildResult.class);
        if (result.exitValue() != 0) {
            deletions.check(Job.of(exchange).videoId());
            outcomes.handBackIfStopping(exchange, "ffmpeg (download)");
            throw new TransientFailure("ffmpeg exited with " + result.exitValue() + ": "
                    + ChildOutput.tail(result.stderr()));
        }
    }

    /** Stores the file; if the video was deleted meanwhile, it goes again and the job is skipped. */
    public void store(Exchange exchange) throws Exception {
        Job job = Job.of(exchange);
        String id = job.videoId();
        String rendition = rendition(exchange);
        Path output = exchange.getProperty(OUTPUT, Path.class);
        minio.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(Downloads.object(id, rendition))
                .filename(output.toString())
                .contentType(Downloads.AUDIO.equals(rendition) ? "audio/mp4" : "video/mp4").build());
        deletions.stored(id);
    }

    /** Ready, with its webhook; then the temp files go. */
    public void ready(Exchange exchange) throws Exception {
        Job job = Job.of(exchange);
        String id = job.videoId();
        job.cleanup();
        if (!downloads.ready(id, rendition(exchange))) {
            deletions.stored(id);
        }
        LOG.info("Video {}: download {} is ready", id, rendition(exchange));
    }
}
