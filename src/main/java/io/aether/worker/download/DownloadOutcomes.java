package io.aether.worker.download;

import io.aether.store.Downloads;
import io.aether.worker.job.Job;
import io.aether.worker.job.Outcomes;
import io.aether.worker.job.PermanentFailure;
import io.aether.worker.job.WorkerStop;

import static io.aether.worker.job.Outcomes.cause;
import static io.aether.worker.job.Outcomes.reason;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a download job that went wrong ends: the download, never its video, is marked failed with why;
 * a stopping worker hands the job back instead. Skips, hand-backs and Redis outages end as any job's.
 */
public final class DownloadOutcomes {
    private static final Logger LOG = LoggerFactory.getLogger(DownloadOutcomes.class);

    private final Downloads downloads;
    private final Outcomes outcomes;
    private final WorkerStop stop;

    public DownloadOutcomes(Downloads downloads, Outcomes outcomes, WorkerStop stop) {
        this.downloads = downloads;
        this.outcomes = outcomes;
        this.stop = stop;
    }

    /** Before Camel tries again: the temp files of the attempt go; the download stays active. */
    public void retrying(Exchange exchange) {
        Job job = Job.of(exchange);
        job.cleanup();
        LOG.warn("Video {}: download {} is retried: {}", job.videoId(), Downloading.rendition(exchange),
                reason(cause(exchange)));
    }

    public void fail(Exchange exchange) {
        Throwable cause = cause(exchange);
        if (stop.stopping() && !(cause instanceof PermanentFailure)) {
            outcomes.handBack(exchange);
            return;
        }
        Job job = Job.of(exchange);
        job.cleanup();
        String rendition = Downloading.rendition(exchange);
        downloads.fail(job.videoId(), rendition, reason(cause));
        LOG.warn("Video {}: download {} failed: {}", job.videoId(), rendition, reason(cause));
    }
}
