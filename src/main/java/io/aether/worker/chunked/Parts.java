package io.aether.worker.chunked;

import io.aether.child.ChildOutput;
import io.aether.child.ChildResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.aether.Settings;
import io.aether.jobs.JobState;
import io.aether.jobs.TranscodeJob;
import io.aether.store.ChunkStore;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import io.aether.worker.job.Deletions;
import io.aether.worker.job.Job;
import io.aether.worker.job.JobSkipped;
import io.aether.worker.job.Masters;
import io.aether.worker.job.Outcomes;
import io.aether.worker.job.PermanentFailure;
import io.aether.worker.job.TransientFailure;
import io.aether.worker.job.WorkDirs;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs for one part of a chunked video (a chunk, or the audio): what they carry, how they
 * start, and how their runs are judged. They share the queue, lease, takeover, retries and
 * permanent-failure rules of whole-video jobs; attempts are counted per part.
 */
public final class Parts {
    private static final Logger LOG = LoggerFactory.getLogger(Parts.class);

    private final Settings settings;
    private final VideoStore videos;
    private final ChunkStore chunks;
    private final WorkDirs workDirs;
    private final Outcomes outcomes;
    private final Masters masters;
    private final Deletions deletions;

    public Parts(Settings settings, VideoStore videos, ChunkStore chunks, WorkDirs workDirs, Outcomes outcomes,
                 Masters masters, Deletions deletions) {
        this.deletions = deletions;
        this.settings = settings;
        this.videos = videos;
        this.chunks = chunks;
        this.workDirs = workDirs;
        this.outcomes = outcomes;
        this.masters = masters;
    }

    static Map<String, String> chunkJob(String videoId, int index) {
        Map<String, String> job = new LinkedHashMap<>(TranscodeJob.of(videoId));
        job.put(Job.PART, "chunk");
        job.put(Job.CHUNK, Integer.toString(index));
        return job;
    }

    static Map<String, String> audioJob(String videoId) {
        Map<String, String> job = new LinkedHashMap<>(TranscodeJob.of(videoId));
        job.put(Job.PART, "audio");
        return job;
    }

    /** The CODECS value of a stored chunk segment, for the master playlist. */
    String codecs(Path segment) throws Exception {
        return masters.avc1(segment);
    }

    /** The first video PTS of the video's first stored segment (Masters#firstPts). */
    long firstPts(Path segment) throws Exception {
        return masters.firstPts(segment);
    }

    /** Starts a part: only while its video is being transcoded, counting the attempt. */
    public void start(Exchange exchange) throws Exception {
        Job job = Job.of(exchange);
        String id = job.videoId();
        outcomes.handBackIfStopping(exchange, "the job");
        Video video = videos.find(id).orElseThrow(() -> new JobSkipped("video " + id + " is gone"));
        if (video.status() != JobState.ACTIVE) {
            throw new JobSkipped("video " + id + " is " + video.status().wire());
        }
        ChunkStore.Plan plan = chunks.plan(id).orElseThrow(() -> new JobSkipped("video " + id + " has no chunk plan"));
        job.partPlan(plan);
        job.rawKey(video.rawKey());
        job.sourceSize(video.width(), video.height());
        boolean done = job.isChunk() && chunks.chunkDone(id, job.chunkIndex());
        job.partDone(done);
        long attempts = chunks.attempt(id, job.partName());
        if (attempts < 0) {
            throw new JobSkipped("video " + id + " finished or went meanwhile");
        }
        job.attemptCounted(true);
        if (!done && attempts > settings.maxAttempts()) {
            throw new PermanentFailure("gave up after " + settings.maxAttempts() + " attempts");
        }
        job.dir(workDirs.create(id));
        deletions.watch(job);
        LOG.info("Video {} {} attempt {} on {}", id, job.partName(), attempts, job.worker());
    }

    /** A failed run is worth another attempt, unless the worker is stopping: then the job goes back. */
    void ended(Exchange exchange, ChildResult result, String what) throws Exception {
        if (result.exitValue() != 0) {
            deletions.check(Job.of(exchange).videoId());
            outcomes.handBackIfStopping(exchange, what);
            throw new TransientFailure(what + " exited with " + result.exitValue() + ": "
                    + ChildOutput.tail(result.stderr()));
        }
    }
}
