package io.aether.worker.job;

import java.nio.file.Path;
import java.util.List;

import io.aether.child.ChildCommand;
import io.aether.jobs.TranscodeJob;
import io.aether.media.ChunkPlan;
import io.aether.media.ProbeResult;
import io.aether.media.Rendition;
import io.aether.queue.JobQueueEndpoint;
import io.aether.store.ChunkStore;
import io.aether.store.Video;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running job as its steps see it: which video (and part) it is, the worker running it, its work
 * directory, what runs beside it and what earlier steps found. The steps are separate beans called in
 * turn on one Exchange, so all of it lives there; the names it lives under are kept here alone.
 */
public final class Job {
    private static final Logger LOG = LoggerFactory.getLogger(Job.class);
    /** Job field naming the part: "chunk" or "audio"; whole-video jobs have none. */
    public static final String PART = "part";
    /** Job field with the chunk's index. */
    public static final String CHUNK = "chunk";
    /** Exchange property the transcode route reads: whether the probed source was cut into chunks. */
    public static final String CHUNKED = "AetherChunked";
    /** Exchange property the chunk route reads: whether an earlier attempt stored this chunk. */
    public static final String PART_DONE = "AetherPartDone";
    private static final String STARTED = "AetherStartedNanos";
    private static final String TRANSCODED = "AetherTranscodedNanos";
    private static final String PROBE = "AetherProbe";
    private static final String LADDER = "AetherLadder";
    private static final String RAW_KEY = "AetherRawKey";
    private static final String SOURCE_URL = "AetherSourceUrl";
    private static final String SOURCE_SIZE = "AetherSourceSize";
    private static final String WORK_DIR = "AetherWorkDir";
    private static final String WATCHER = "AetherProgressWatcher";
    private static final String DELETE_WATCH = "AetherDeleteWatch";
    private static final String PART_PLAN = "AetherPartPlan";
    private static final String PART_COUNTED = "AetherPartCounted";
    private static final String SAMPLE_EVERY = "AetherSampleEvery";

    private final Exchange exchange;

    private Job(Exchange exchange) {
        this.exchange = exchange;
    }

    public static Job of(Exchange exchange) {
        return new Job(exchange);
    }

    public String videoId() {
        return exchange.getMessage().getHeader(TranscodeJob.VIDEO_ID, String.class);
    }

    public String worker() {
        return exchange.getMessage().getHeader(JobQueueEndpoint.WORKER, String.class);
    }

    /** Whether the job is one part of a chunked video rather than a whole video. */
    public boolean isPart() {
        return exchange.getMessage().getHeader(PART, String.class) != null;
    }

    public boolean isChunk() {
        return "chunk".equals(exchange.getMessage().getHeader(PART, String.class));
    }

    /** "chunk-3" or "audio": how logs, errors and attempt counters name the part. */
    public String partName() {
        String part = exchange.getMessage().getHeader(PART, String.class);
        return "chunk".equals(part) ? "chunk-" + chunkIndex() : part;
    }

    public int chunkIndex() {
        return Integer.parseInt(exchange.getMessage().getHeader(CHUNK, String.class));
    }

    /** Sets the command the next {@code child:} step runs. */
    public void command(List<String> command) {
        exchange.getMessage().setBody(new ChildCommand(command));
    }

    public Path dir() {
        return exchange.getProperty(WORK_DIR, Path.class);
    }

    public void dir(Path dir) {
        exchange.setProperty(WORK_DIR, dir);
    }

    /** Something that follows the run on a side thread; it is closed with the job's temp files. */
    public void watch(AutoCloseable watcher) {
        exchange.setProperty(WATCHER, watcher);
    }

    public <T> T watcher(Class<T> type) {
        return exchange.getProperty(WATCHER, type);
    }

    /** The look for the video's deletion while the job runs; it ends with the job's temp files. */
    void watchDeletion(AutoCloseable watch) {
        exchange.setProperty(DELETE_WATCH, watch);
    }

    /** Stops what runs beside the job and removes its temporary files, whatever the outcome. */
    public void cleanup() {
        close(DELETE_WATCH);
        endWatcher();
        Path dir = dir();
        if (dir != null) {
            exchange.removeProperty(WORK_DIR);
            WorkDirs.remove(dir);
        }
    }

    /** Stops the side thread following the run, once the run has ended. */
    public void endWatcher() {
        close(WATCHER);
    }

    /** Takes what the property holds off the exchange and closes it, once; a failure to close is only logged. */
    private void close(String property) {
        AutoCloseable held = exchange.getProperty(property, AutoCloseable.class);
        if (held != null) {
            exchange.removeProperty(property);
            try {
                held.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("Could not stop {}: {}", held, e.toString());
            }
        }
    }

    public void started() {
        exchange.setProperty(STARTED, System.nanoTime());
    }

    public long startedNanos() {
        return exchange.getProperty(STARTED, Long.class);
    }

    public void transcoded() {
        exchange.setProperty(TRANSCODED, System.nanoTime());
    }

    public long transcodedNanos() {
        return exchange.getProperty(TRANSCODED, Long.class);
    }

    /** The source's key in the raw bucket. */
    public String rawKey() {
        return exchange.getProperty(RAW_KEY, String.class);
    }

    public void rawKey(String key) {
        exchange.setProperty(RAW_KEY, key);
    }

    /** The source's display size from the record (the probe's), at which its rungs are measured. */
    public Video.Size sourceSize() {
        return exchange.getProperty(SOURCE_SIZE, Video.Size.class);
    }

    public void sourceSize(int width, int height) {
        exchange.setProperty(SOURCE_SIZE, new Video.Size(width, height));
    }

    /** The (hidden) URL ffprobe read the source by, which its errors name. */
    public String sourceUrl() {
        return exchange.getProperty(SOURCE_URL, String.class);
    }

    public void sourceUrl(String url) {
        exchange.setProperty(SOURCE_URL, url);
    }

    public ProbeResult probe() {
        return exchange.getProperty(PROBE, ProbeResult.class);
    }

    @SuppressWarnings("unchecked")
    public List<Rendition> ladder() {
        return exchange.getProperty(LADDER, List.class);
    }

    public void probed(ProbeResult media, List<Rendition> ladder) {
        exchange.setProperty(PROBE, media);
        exchange.setProperty(LADDER, ladder);
    }

    /** One frame in every N is measured, as the trials decided (docs/quality.md); null when none did. */
    public Integer sampleEvery() {
        return exchange.getProperty(SAMPLE_EVERY, Integer.class);
    }

    public void sampleEvery(int every) {
        exchange.setProperty(SAMPLE_EVERY, every);
    }

    public void chunked(boolean chunked) {
        exchange.setProperty(CHUNKED, chunked);
    }

    /** The chunk plan of the video this part belongs to. */
    public ChunkStore.Plan partPlan() {
        return exchange.getProperty(PART_PLAN, ChunkStore.Plan.class);
    }

    /** This chunk job's chunk, from its video's plan. */
    public ChunkPlan.Chunk chunk() {
        return partPlan().cut().chunks().get(chunkIndex());
    }

    public void partPlan(ChunkStore.Plan plan) {
        exchange.setProperty(PART_PLAN, plan);
    }

    public void partDone(boolean done) {
        exchange.setProperty(PART_DONE, done);
    }

    /** Whether this attempt at the part is counted, so a hand-back takes it off again. */
    public boolean attemptCounted() {
        return exchange.getProperty(PART_COUNTED, false, Boolean.class);
    }

    public void attemptCounted(boolean counted) {
        exchange.setProperty(PART_COUNTED, counted);
    }

    /** Whether the queue entry goes back unacknowledged, for another worker. */
    public boolean handedBack() {
        return exchange.getProperty(JobQueueEndpoint.HAND_BACK, false, Boolean.class);
    }

    public void handBack() {
        exchange.setProperty(JobQueueEndpoint.HAND_BACK, true);
    }
}
