package io.aether.worker.chunked;

import io.aether.child.ChildResult;
import io.aether.child.ChildProcesses;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.aether.Settings;
import io.aether.media.ChunkCommand;
import io.aether.media.ChunkPlan;
import io.aether.media.Playlists;
import io.aether.media.ProbeResult;
import io.aether.media.Rendition;
import io.aether.queue.Slot;
import io.aether.store.ChunkStore;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import io.aether.worker.job.Deletions;
import io.aether.worker.job.Job;
import io.aether.worker.job.TransientFailure;
import io.aether.worker.quality.Measuring;
import io.aether.worker.job.ProcessedObjects;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a chunked transcode. The job that probed a long source plans the chunks and
 * queues one job per chunk plus one for the audio; any worker takes any of them. A chunk job
 * encodes its time range of every rung in one ffmpeg run and stores its segments; the audio job
 * stores its segments as they come; after each, the {@link Stitcher} publishes what it can. A chunk's
 * segments, then its quality, are recorded by {@link ChunkRecords}.
 */
public final class Chunking {
    private static final Logger LOG = LoggerFactory.getLogger(Chunking.class);

    private final Settings settings;
    private final VideoStore videos;
    private final ChunkStore chunks;
    private final Stitcher stitcher;
    private final ProcessedObjects objects;
    private final ChildProcesses children;
    private final Function<String, String> presign;
    private final Parts parts;
    private final Deletions deletions;
    private final ChunkRuns runs;
    private final Measuring measuring;

    public Chunking(Settings settings, VideoStore videos, ChunkStore chunks, Stitcher stitcher, ProcessedObjects objects,
                    ChildProcesses children, Function<String, String> presign, Parts parts, Deletions deletions,
                    Measuring measuring) {
        this.measuring = measuring;
        this.deletions = deletions;
        this.settings = settings;
        this.videos = videos;
        this.chunks = chunks;
        this.stitcher = stitcher;
        this.objects = objects;
        this.children = children;
        this.presign = presign;
        this.parts = parts;
        this.runs = new ChunkRuns(settings.slots());
    }

    /** After the probe: a long source is cut, and the body becomes the part jobs to queue. */
    public void plan(Exchange exchange) {
        Job job = Job.of(exchange);
        ProbeResult media = job.probe();
        // other videos' jobs waiting (this job is held, its parts not queued yet) keep the slots busy:
        // then fewer, longer chunks spend fewer CPU-seconds on ffmpeg starts and lead-in decodes
        Slot held = Slot.of(exchange);
        boolean othersWaiting = held != null && held.jobsWaiting();
        ChunkPlan cut = ChunkPlan.plan(media.durationSeconds(), media.frameRate(), settings.segmentSeconds(),
                settings.chunkSegments(), settings.chunkThresholdSeconds(), settings.firstSegmentSeconds(),
                othersWaiting, media.pictureSeconds());
        job.chunked(settings.chunking() && cut.chunked());
        if (!settings.chunking() || !cut.chunked()) {
            return;
        }
        String id = job.videoId();
        ChunkStore.Plan plan = chunks.savePlan(id, new ChunkStore.Plan(cut, job.ladder(), media.hasAudio(), "und",
                job.sampleEvery()));
        // a planner that runs again (its worker died after queueing) queues only what is not stored yet;
        // the first chunk and the audio go first, since playback waits for both
        List<Map<String, String>> jobs = new ArrayList<>();
        for (ChunkPlan.Chunk chunk : plan.cut().chunks()) {
            if (!chunks.chunkDone(id, chunk.index())) {
                jobs.add(Parts.chunkJob(id, chunk.index()));
            }
            if (chunk.index() == 0 && plan.hasAudio()
                    && !chunks.state(id).map(ChunkStore.State::audioDone).orElse(false)) {
                jobs.add(Parts.audioJob(id));
            }
        }
        exchange.getMessage().setBody(jobs);
    }

    public void planned(Exchange exchange) {
        Job job = Job.of(exchange);
        String id = job.videoId();
        int count = chunks.plan(id).map(p -> p.cut().chunks().size()).orElse(0);
        videos.update(id, new Video.Changes().chunked(count));
        job.cleanup();
        LOG.info("Video {} cut into {} chunks for any worker to take", id, count);
    }

    /**
     * A chunk job: its one ffmpeg run reads the raw object by a short-lived URL, never all of it, with
     * the threads the chunk encodes running beside it leave (ChunkRuns), or its slot's share while jobs
     * wait in the queue; the run counts among them until it ends.
     */
    public void chunkCommand(Exchange exchange) {
        Job job = Job.of(exchange);
        ChunkStore.Plan plan = job.partPlan();
        ChunkPlan.Chunk chunk = job.chunk();
        Path dir = job.dir();
        String url = children.hide(presign.apply(job.rawKey()));
        String slot = job.worker();
        // the first chunk takes the cores to spare whatever waits: playback waits for it
        Slot held = Slot.of(exchange);
        boolean waiting = chunk.index() > 0 && held != null && held.jobsWaiting();
        int threads = runs.start(slot, chunk, dir.resolve("progress.txt"), waiting);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                runs.ended(slot);
            }
        });
        LOG.info("Video {} chunk {} encodes on {} threads{}", job.videoId(), chunk.index(), threads,
                waiting ? " (jobs waiting)" : "");
        // measured at the source's display size, which the part's start read from the record
        job.command(ChunkCommand.video(settings.ffmpeg(), url, dir.resolve("out"),
                dir.resolve("progress.txt"), plan.cut(), chunk, plan.ladder(), settings.segmentSeconds(), settings.x264Preset(),
                threads, measuring.reference(exchange, job.sourceSize().width(), job.sourceSize().height())));
    }

    /** Checks the run and makes the segment files the body, for the publish route to store. */
    public void chunkEncoded(Exchange exchange) throws Exception {
        runs.ended(Job.of(exchange).worker());
        parts.ended(exchange, exchange.getMessage().getMandatoryBody(ChildResult.class), "ffmpeg");
        Job job = Job.of(exchange);
        String cut = ChunkRuns.shortOf(job.partPlan().cut(), job.chunk(), job.dir().resolve("progress.txt"));
        if (cut != null) {
            // retried like a failed run: a short chunk stored would complete the video with a hole
            throw new TransientFailure(cut + ": its input ended early");
        }
        Path out = job.dir().resolve("out");
        List<java.io.File> files = new ArrayList<>();
        for (Rendition rung : job.partPlan().ladder()) {
            for (Playlists.Segment s : ChunkRecords.segments(out, rung)) {
                files.add(out.resolve(s.name()).toFile());
            }
        }
        exchange.getMessage().setBody(files);
    }

    /** The audio job: one run over the whole source, its segments stored as they come. */
    public void audioCommand(Exchange exchange) {
        Job job = Job.of(exchange);
        String id = job.videoId();
        Path dir = job.dir();
        String url = children.hide(presign.apply(job.rawKey()));
        job.command(ChunkCommand.audio(settings.ffmpeg(), url, dir.resolve("out"),
                dir.resolve("progress.txt"), settings.segmentSeconds()));
        job.watch(new AudioWatcher(dir.resolve("out").resolve("audio.m3u8"),
                (file, soFar, finished) -> {
                    if (file != null) {
                        objects.put(id, file);
                        deletions.stored(id);
                    }
                    chunks.saveAudio(id, soFar, finished);
                    stitcher.publish(id);
                }));
    }

    public void audioEncoded(Exchange exchange) throws Exception {
        parts.ended(exchange, exchange.getMessage().getMandatoryBody(ChildResult.class), "ffmpeg (audio)");
        Job job = Job.of(exchange);
        job.watcher(AudioWatcher.class).finish();
        LOG.info("Video {} audio stored by {}, {} ms after it was taken", job.videoId(), job.worker(),
                exchange.getClock().elapsed());
        job.cleanup();
    }

    /** A part job whose part is stored (and, a chunk, measured) already, a retry after a crash, only publishes. */
    public void publishOnly(Exchange exchange) throws Exception {
        Job job = Job.of(exchange);
        job.cleanup();
        stitcher.publish(job.videoId());
    }
}
