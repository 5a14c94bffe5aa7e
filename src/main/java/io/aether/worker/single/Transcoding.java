package io.aether.worker.single;

import io.aether.child.ChildOutput;
import io.aether.child.ChildProcesses;
import io.aether.child.ChildResult;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import io.aether.Settings;
import io.aether.jobs.JobEvent;
import io.aether.media.ChunkPlan;
import io.aether.media.FfmpegCommand;
import io.aether.media.InvalidMediaException;
import io.aether.media.LadderPlanner;
import io.aether.media.ProbeParser;
import io.aether.media.Playlists;
import io.aether.media.ProbeResult;
import io.aether.media.Rendition;
import io.aether.queue.Slot;
import io.aether.store.SubtitledMasters;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import io.aether.worker.job.Deletions;
import io.aether.worker.job.Job;
import io.aether.worker.job.JobSkipped;
import io.aether.worker.job.Masters;
import io.aether.worker.job.Outcomes;
import io.aether.worker.job.PermanentFailure;
import io.aether.worker.job.ProgressWatcher;
import io.aether.worker.job.TransientFailure;
import io.aether.worker.job.WorkDirs;
import io.aether.worker.job.WorkerStopping;
import io.aether.worker.quality.Measuring;
import org.apache.camel.Exchange;
import org.apache.camel.component.minio.MinioConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps of the transcode route, in route order; how a job ends is {@link Outcomes}. */
public final class Transcoding {
    private static final Logger LOG = LoggerFactory.getLogger(Transcoding.class);

    private final Settings settings;
    private final VideoStore videos;
    private final WorkDirs workDirs;
    private final Outcomes outcomes;
    private final ChildProcesses children;
    private final Masters masters;
    private final Deletions deletions;
    private final Function<String, String> presign;
    private final LadderPlanner planner = new LadderPlanner();
    private static final String MASTER = SubtitledMasters.MASTER;
    private final SubtitledMasters subtitled;
    private final Measuring measuring;

    /**
     * @param presign a short-lived URL for a raw object's key, which ffprobe and ffmpeg read with
     *     range requests instead of the whole object
     */
    public Transcoding(Settings settings, VideoStore videos, WorkDirs workDirs, Outcomes outcomes,
                       ChildProcesses children, Function<String, String> presign, Masters masters,
                       Deletions deletions, SubtitledMasters subtitled, Measuring measuring) {
        this.measuring = measuring;
        this.deletions = deletions;
        this.subtitled = subtitled;
        this.settings = settings;
        this.videos = videos;
        this.workDirs = workDirs;
        this.outcomes = outcomes;
        this.children = children;
        this.presign = presign;
        this.masters = masters;
    }

    /** Marks the job active for this worker, counts the attempt and points the next step at the raw object. */
    public void start(Exchange exchange) throws IOException {
        Job job = Job.of(exchange);
        String id = job.videoId();
        // a redelivery after the stop began: the job goes back before another attempt is counted
        stopping(exchange, "the job");
        VideoStore.Transition started = videos.apply(id, JobEvent.START,
                new Video.Changes().worker(job.worker()).startedAt(Instant.now()).progress(0), null, 1);
        switch (started.outcome()) {
            case MISSING -> throw new JobSkipped("video " + id + " no longer exists");
            case REFUSED -> throw new JobSkipped("video " + id + " is already finished");
            default -> {
            }
        }
        Video video = videos.find(id).orElseThrow(() -> new JobSkipped("video " + id + " was deleted"));
        if (started.attempts() > settings.maxAttempts()) {
            String last = video.error() == null ? "" : video.error();
            throw new PermanentFailure("gave up after " + settings.maxAttempts() + " attempts"
                    + (last.isEmpty() ? "" : ": " + last));
        }
        job.dir(workDirs.create(id));
        deletions.watch(job);
        job.started();
        job.rawKey(video.rawKey());
        LOG.info("Video {} attempt {} on {}", id, started.attempts(), job.worker());
    }

    /** ffprobe reads the raw object by URL (it has no -nostdin and never reads keystrokes; stdin is empty). */
    public void probeCommand(Exchange exchange) {
        Job job = Job.of(exchange);
        String url = children.hide(presign.apply(job.rawKey()));
        job.sourceUrl(url);
        job.command(List.of(settings.ffprobe(), "-v", "error", "-print_format", "json",
                "-show_format", "-show_streams", url));
    }

    /** Reads ffprobe's answer and plans the ladder; an unreadable upload fails for good. */
    public void probed(Exchange exchange) throws Exception {
        Job job = Job.of(exchange);
        ChildResult probe = exchange.getMessage().getMandatoryBody(ChildResult.class);
        if (probe.exitValue() != 0) {
            deletions.check(job.videoId());
            stopping(exchange, "ffprobe");
            // the URL means nothing to the client
            String why = ChildOutput.tail(probe.stderr()).replace(job.sourceUrl() + ": ", "");
            throw new PermanentFailure("the upload is not a readable video: " + why);
        }
        ProbeResult media;
        try {
            media = ProbeParser.parse(ChildOutput.text(probe.stdout()));
        } catch (InvalidMediaException e) {
            throw new PermanentFailure("the upload is not a usable video: " + e.getMessage(), e);
        }
        List<Rendition> ladder = planner.plan(media.displayWidth(), media.displayHeight());
        // the rungs go into the record with the ladder's decision (LadderTrials), which a retry keeps
        videos.update(job.videoId(), new Video.Changes().media(media.durationSeconds(), media.displayWidth(),
                media.displayHeight(), media.hasAudio()));
        job.probed(media, ladder);
        exchange.getMessage().setBody(null);
        exchange.getMessage().setHeader(MinioConstants.OBJECT_NAME, job.rawKey());
    }

    /**
     * The probe ran beside other jobs; the single pass has the machine alone (its ffmpeg uses every
     * core). A worker stopping meanwhile gives the job back.
     */
    public void alone(Exchange exchange) throws InterruptedException {
        Slot slot = Slot.of(exchange);
        if (slot != null && !slot.alone()) {
            outcomes.handBack(exchange);
            throw new WorkerStopping("the job waited for the machine while this worker stopped");
        }
    }

    /** Saves the fetched raw object where ffmpeg can seek in it, and prepares the one ffmpeg run. */
    public void transcodeCommand(Exchange exchange) throws Exception {
        Job job = Job.of(exchange);
        Path dir = job.dir();
        Path source = dir.resolve("source");
        try (InputStream in = exchange.getMessage().getMandatoryBody(InputStream.class)) {
            Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
        }
        ProbeResult media = job.probe();
        String id = job.videoId();
        String worker = job.worker();
        Path progress = dir.resolve("progress.txt");
        job.command(FfmpegCommand.build(settings.ffmpeg(), source, dir.resolve("out"), progress, media, job.ladder(),
                settings.segmentSeconds(), settings.x264Preset(),
                measuring.reference(exchange, media.displayWidth(), media.displayHeight())));
        // ffmpeg's -progress file goes into the record while the run lasts
        job.watch(new ProgressWatcher(progress, media.durationSeconds(), percent -> videos.progress(id, worker, percent)));
    }

    /** Checks how ffmpeg ended; a killed or failed run is worth another attempt. */
    public void transcoded(Exchange exchange) throws Exception {
        Job job = Job.of(exchange);
        job.endWatcher();
        ChildResult result = exchange.getMessage().getMandatoryBody(ChildResult.class);
        if (result.exitValue() != 0) {
            deletions.check(job.videoId());
            stopping(exchange, "ffmpeg");
            throw new TransientFailure("ffmpeg exited with " + result.exitValue() + ": " + ChildOutput.tail(result.stderr()));
        }
        job.transcoded();
        Path out = job.dir().resolve("out");
        if (!Files.exists(out.resolve("master.m3u8"))) {
            throw new TransientFailure("ffmpeg wrote no master playlist");
        }
        ProbeResult media = job.probe();
        Files.writeString(out.resolve(MASTER), masters.singlePass(out, job.ladder(),
                ChunkPlan.outputFps(media.frameRate()), media.hasAudio()));
        // before any master is stored: captions map their time 0 to it
        videos.update(job.videoId(), new Video.Changes().firstPts(masters.firstPts(firstSegment(out, job.ladder()))));
        try (Stream<Path> files = Files.list(out)) {
            // segments first, then media playlists; the master goes last, with the captions (publishMaster)
            exchange.getMessage().setBody(files.map(Path::toFile)
                    .filter(f -> !f.getName().equals(MASTER))
                    .sorted(Comparator.comparing((File f) -> f.getName().endsWith(".m3u8"))
                            .thenComparing(File::getName))
                    .toList());
        }
    }

    /** Stores the master with the captions there are at this moment (SubtitledMasters). */
    public void publishMaster(Exchange exchange) throws Exception {
        Job job = Job.of(exchange);
        subtitled.publish(job.videoId(), Files.readString(job.dir().resolve("out").resolve(MASTER)));
        deletions.stored(job.videoId());
    }

    private static Path firstSegment(Path out, List<Rendition> ladder) throws IOException {
        String playlist = Files.readString(out.resolve(ladder.get(0).name() + ".m3u8"));
        List<Playlists.Segment> segments = Playlists.segments(playlist, name -> 0);
        if (segments.isEmpty()) {
            throw new TransientFailure("ffmpeg wrote no segment for " + ladder.get(0).name());
        }
        return out.resolve(segments.get(0).name());
    }

    /** Removes the job's temporary files, whatever the outcome. */
    public void cleanup(Exchange exchange) {
        Job.of(exchange).cleanup();
    }

    private void stopping(Exchange exchange, String what) {
        outcomes.handBackIfStopping(exchange, what);
    }
}
