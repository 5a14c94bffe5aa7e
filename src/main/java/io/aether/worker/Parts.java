package io.aether.worker;

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
    /** Job field naming the part: "chunk" or "audio"; whole-video jobs have none. */
    public static final String PART = "part";
    /** Job field with the chunk's index. */
    public static final String CHUNK = "chunk";
    static final String COUNTED = "AetherPartCounted";
    static final String DONE_ALREADY = "AetherPartDone";
    private static final String PLAN = "AetherPartPlan";

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
        job.put(PART, "chunk");
        job.put(CHUNK, Integer.toString(index));
        return job;
    }

    static Map<String, String> audioJob(String videoId) {
        Map<String, String> job = new LinkedHashMap<>(TranscodeJob.of(videoId));
        job.put(PART, "audio");
        return job;
    }

    static boolean isPart(Exchange exchange) {
        return exchange.getMessage().getHeader(PART, String.class) != null;
    }

    /** "chunk-3" or "audio": how logs, errors and attempt counters name the part. */
    static String name(Exchange exchange) {
        String part = exchange.getMessage().getHeader(PART, String.class);
        return "chunk".equals(part) ? "chunk-" + chunkIndex(exchange) : part;
    }

    static int chunkIndex(Exchange exchange) {
        return Integer.parseInt(exchange.getMessage().getHeader(CHUNK, String.class));
    }

    static String rawKey(Exchange exchange) {
        return exchange.getProperty(Transcoding.RAW_KEY, String.class);
    }

    /** The CODECS value of a stored chunk segment, for the master playlist. */
    String codecs(Path segment) throws Exception {
        return masters.avc1(segment);
    }

    ChunkStore.Plan plan(Exchange exchange) {
        return exchange.getProperty(PLAN, ChunkStore.Plan.class);
    }

    /** Starts a part: only while its video is being transcoded, counting the attempt. */
    public void start(Exchange exchange) throws Exception {
        String id = Transcoding.id(exchange);
        outcomes.handBackIfStopping(exchange, "the job");
        Video video = videos.find(id).orElseThrow(() -> new JobSkipped("video " + id + " is gone"));
        if (video.status() != JobState.ACTIVE) {
            throw new JobSkipped("video " + id + " is " + video.status().wire());
        }
        ChunkStore.Plan plan = chunks.plan(id).orElseThrow(() -> new JobSkipped("video " + id + " has no chunk plan"));
        exchange.setProperty(PLAN, plan);
        exchange.setProperty(Transcoding.RAW_KEY, video.rawKey());
        boolean done = "chunk".equals(exchange.getMessage().getHeader(PART)) && chunks.chunkDone(id, chunkIndex(exchange));
        exchange.setProperty(DONE_ALREADY, done);
        long attempts = chunks.attempt(id, name(exchange));
        if (attempts < 0) {
            throw new JobSkipped("video " + id + " finished or went meanwhile");
        }
        exchange.setProperty(COUNTED, true);
        if (!done && attempts > settings.maxAttempts()) {
            throw new PermanentFailure("gave up after " + settings.maxAttempts() + " attempts");
        }
        Transcoding.workDir(exchange, workDirs.create(id));
        deletions.watch(exchange, id);
        LOG.info("Video {} {} attempt {} on {}", id, name(exchange), attempts, Transcoding.worker(exchange));
    }

    /** A failed run is worth another attempt, unless the worker is stopping: then the job goes back. */
    void ended(Exchange exchange, ChildResult result, String what) throws Exception {
        if (result.exitValue() != 0) {
            deletions.check(Transcoding.id(exchange));
            outcomes.handBackIfStopping(exchange, what);
            throw new TransientFailure(what + " exited with " + result.exitValue() + ": "
                    + ChildOutput.tail(result.stderr()));
        }
    }
}
