package io.aether.worker.job;

import java.time.Instant;

import io.aether.jobs.JobEvent;
import io.aether.store.ChunkStore;
import io.aether.store.RedisOutage;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How a job ends: completed, retried, failed, handed back by a stopping worker, or skipped. */
public final class Outcomes {
    private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);

    private final VideoStore videos;
    private final ChunkStore chunks;
    private final WorkerStop stop;
    private final Deletions deletions;
    /** How long the job's lease lasts: as long as a finished job waits for Redis to come back. */
    private final long leaseMs;

    public Outcomes(VideoStore videos, ChunkStore chunks, WorkerStop stop, Deletions deletions, long leaseMs) {
        this.deletions = deletions;
        this.leaseMs = leaseMs;
        this.videos = videos;
        this.chunks = chunks;
        this.stop = stop;
    }

    public void complete(Exchange exchange) {
        Job job = Job.of(exchange);
        String id = job.videoId();
        // the work is done: a failover under way is waited out (within the lease nobody else takes the job)
        // rather than the job run again; a retry after a lost reply finds it completed and changes nothing
        VideoStore.Transition done = RedisOutage.retry(leaseMs, () -> videos.apply(id, JobEvent.SUCCEED,
                new Video.Changes().progress(100).completedAt(Instant.now()).error(""),
                job.worker(), 0));
        if (done.outcome() == VideoStore.Outcome.NOT_OWNER) {
            throw new LeaseLost(id);
        }
        if (done.applied()) {
            deletions.completed(id);
        }
        long now = System.nanoTime();
        long started = job.startedNanos();
        long transcoded = job.transcodedNanos();
        LOG.info("Video {} completed in {} ms ({} ms before publishing, {} ms publishing)", id,
                (now - started) / 1_000_000, (transcoded - started) / 1_000_000, (now - transcoded) / 1_000_000);
    }

    /** Before Camel tries again: the record says why and waits for the next attempt. */
    public void retrying(Exchange exchange) {
        Job job = Job.of(exchange);
        job.cleanup();
        if (job.isPart()) {
            // this attempt failed and stays counted; the video goes on with its other parts
            job.attemptCounted(false);
            LOG.warn("Video {} {} is retried: {}", job.videoId(), job.partName(), reason(cause(exchange)));
            return;
        }
        videos.apply(job.videoId(), JobEvent.RETRY, new Video.Changes().error(reason(cause(exchange)) + " (retrying)"),
                job.worker(), 0);
    }

    /** A failure for good; while the worker stops, any but a permanent one hands the job back instead. */
    public void fail(Exchange exchange) {
        Throwable cause = cause(exchange);
        if (stop.stopping() && !(cause instanceof PermanentFailure)) {
            handBack(exchange);
            return;
        }
        Job job = Job.of(exchange);
        job.cleanup();
        String id = job.videoId();
        boolean part = job.isPart();
        // a part that fails for good fails its video, whichever worker planned it
        VideoStore.Transition failed = videos.apply(id, JobEvent.FAIL, new Video.Changes()
                .error((part ? job.partName() + ": " : "") + reason(cause)).completedAt(Instant.now()),
                part ? null : job.worker(), 0);
        if (failed.outcome() == VideoStore.Outcome.NOT_OWNER) {
            throw new LeaseLost(id);
        }
        LOG.warn("Video {} failed: {}", id, reason(cause));
    }

    /**
     * A stopping worker gives the job back: the record waits again without counting this attempt,
     * and the queue entry stays unacknowledged for the next worker to take at once. Doing it twice
     * changes nothing more.
     */
    public void handBack(Exchange exchange) {
        Job job = Job.of(exchange);
        job.cleanup();
        if (job.handedBack()) {
            return;
        }
        String id = job.videoId();
        if (job.isPart()) {
            if (job.attemptCounted()) {
                chunks.attempt(id, job.partName(), -1);
            }
        } else {
            // only an attempt this worker started is active and owned by it; a refused change is fine
            videos.apply(id, JobEvent.RETRY, new Video.Changes().worker("").progress(0), job.worker(), -1);
        }
        job.handBack();
        LOG.info("Video {} goes back to the queue: this worker is stopping", id);
    }

    /**
     * A child ended by a stopping worker failed for that reason alone: the job goes back. Handed
     * back here, not only in the route's error handling, which Camel skips once it is stopping.
     */
    public void handBackIfStopping(Exchange exchange, String what) {
        if (stop.stopping()) {
            handBack(exchange);
            throw new WorkerStopping(what + " was cut short because this worker is stopping");
        }
    }

    /**
     * Redis went away during the job (down, or a failover under way): not the video's fault, so neither a
     * retry of the video nor a failure. The entry goes back to the queue for the next read once Redis
     * answers; the next attempt counts as a takeover. If Redis cannot take the hand-back either, the
     * entry comes back when its lease runs out.
     */
    public void redisAway(Exchange exchange) {
        Job job = Job.of(exchange);
        job.cleanup();
        job.handBack();
        LOG.warn("Video {} goes back to the queue, Redis is unavailable: {}", job.videoId(),
                reason(cause(exchange)));
    }

    public void skipped(Exchange exchange) {
        Job job = Job.of(exchange);
        job.cleanup();
        LOG.info("Job for video {} skipped: {}", job.videoId(), reason(cause(exchange)));
    }

    /** What the exchange caught (in an onException clause) or failed with. */
    public static Throwable cause(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return cause == null ? exchange.getException() : cause;
    }

    /** The reason a record shows for a failure: its message, else its type. */
    public static String reason(Throwable cause) {
        if (cause == null) {
            return "unknown error";
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
