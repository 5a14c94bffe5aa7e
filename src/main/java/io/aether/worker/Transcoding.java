package io.aether.worker;

import io.aether.child.ChildResult;
import io.aether.child.ChildCommand;
import io.aether.child.ChildProcesses;
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
import io.aether.jobs.TranscodeJob;
import io.aether.media.ChunkPlan;
import io.aether.media.FfmpegCommand;
import io.aether.media.InvalidMediaException;
import io.aether.media.LadderPlanner;
import io.aether.media.ProbeParser;
import io.aether.media.ProbeResult;
import io.aether.media.Rendition;
import io.aether.queue.JobQueueEndpoint;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.minio.MinioConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps of the transcode route, in route order; how a job ends is {@link Outcomes}. */
public final class Transcoding {
    private static final Logger LOG = LoggerFactory.getLogger(Transcoding.class);
    static final String STARTED = "AetherStartedNanos";
    static final String TRANSCODED = "AetherTranscodedNanos";
    static final String PROBE = "AetherProbe";
    static final String LADDER = "AetherLadder";
    static final String RAW_KEY = "AetherRawKey";
    static final String SOURCE_URL = "AetherSourceUrl";
    private static final String WORK_DIR = "AetherWorkDir";
    private static final String WATCHER = "AetherProgressWatcher";

    private final Settings settings;
    private final VideoStore videos;
    private final WorkDirs workDirs;
    private final Outcomes outcomes;
    private final ChildProcesses children;
    private final Masters masters;
    private final Deletions deletions;
    private final Function<String, String> presign;
    private final LadderPlanner planner = new LadderPlanner();

    /**
     * @param presign a short-lived URL for a raw object's key, which ffprobe and ffmpeg read with
     *     range requests instead of the whole object
     */
    public Transcoding(Settings settings, VideoStore videos, WorkDirs workDirs, Outcomes outcomes,
                       ChildProcesses children, Function<String, String> presign, Masters masters,
                       Deletions deletions) {
        this.deletions = deletions;
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
        String id = id(exchange);
        // a redelivery after the stop began: the job goes back before another attempt is counted
        stopping(exchange, "the job");
        VideoStore.Transition started = videos.apply(id, JobEvent.START,
                new Video.Changes().worker(worker(exchange)).startedAt(Instant.now()).progress(0), null, 1);
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
        workDir(exchange, workDirs.create(id));
        deletions.watch(exchange, id);
        exchange.setProperty(STARTED, System.nanoTime());
        exchange.setProperty(RAW_KEY, video.rawKey());
        LOG.info("Video {} attempt {} on {}", id, started.attempts(), worker(exchange));
    }

    /** ffprobe reads the raw object by URL (it has no -nostdin and never reads keystrokes; stdin is empty). */
    public void probeCommand(Exchange exchange) {
        String url = children.hide(presign.apply(exchange.getProperty(RAW_KEY, String.class)));
        exchange.setProperty(SOURCE_URL, url);
        command(exchange.getMessage(), List.of(settings.ffprobe(), "-v", "error", "-print_format", "json",
                "-show_format", "-show_streams", url));
    }

    /** Reads ffprobe's answer and plans the ladder; an unreadable upload fails for good. */
    public void probed(Exchange exchange) throws Exception {
        ChildResult probe = exchange.getMessage().getMandatoryBody(ChildResult.class);
        if (probe.exitValue() != 0) {
            deletions.check(id(exchange));
            stopping(exchange, "ffprobe");
            // the URL means nothing to the client
            String why = ChildOutput.tail(probe.stderr()).replace(exchange.getProperty(SOURCE_URL, String.class) + ": ", "");
            throw new PermanentFailure("the upload is not a readable video: " + why);
        }
        ProbeResult media;
        try {
            media = ProbeParser.parse(ChildOutput.text(probe.stdout()));
        } catch (InvalidMediaException e) {
            throw new PermanentFailure("the upload is not a usable video: " + e.getMessage(), e);
        }
        List<Rendition> ladder = planner.plan(media.displayWidth(), media.displayHeight());
        videos.update(id(exchange), new Video.Changes().media(media.durationSeconds(), media.displayWidth(),
                media.displayHeight(), media.hasAudio(), ladder.stream().map(Rendition::name).toList()));
        exchange.setProperty(PROBE, media);
        exchange.setProperty(LADDER, ladder);
        exchange.getMessage().setBody(null);
        exchange.getMessage().setHeader(MinioConstants.OBJECT_NAME, exchange.getProperty(RAW_KEY, String.class));
    }

    /** Saves the fetched raw object where ffmpeg can seek in it, and prepares the one ffmpeg run. */
    @SuppressWarnings("unchecked")
    public void transcodeCommand(Exchange exchange) throws Exception {
        try (InputStream in = exchange.getMessage().getMandatoryBody(InputStream.class)) {
            Files.copy(in, source(exchange), StandardCopyOption.REPLACE_EXISTING);
        }
        ProbeResult media = exchange.getProperty(PROBE, ProbeResult.class);
        String id = id(exchange);
        Path dir = dir(exchange);
        Path progress = dir.resolve("progress.txt");
        command(exchange.getMessage(), FfmpegCommand.build(settings.ffmpeg(), source(exchange), dir.resolve("out"),
                progress, media, exchange.getProperty(LADDER, List.class), settings.segmentSeconds(),
                settings.x264Preset()));
        watch(exchange, progress, media.durationSeconds(), percent -> videos.progress(id, worker(exchange), percent));
    }

    /** Tails ffmpeg's -progress file into the record while the run lasts. */
    static void watch(Exchange exchange, Path progress, double seconds, java.util.function.IntConsumer onPercent) {
        watch(exchange, new ProgressWatcher(progress, seconds, onPercent));
    }

    /** Something that follows the run on a side thread; it is closed with the job's temp files. */
    static void watch(Exchange exchange, AutoCloseable watcher) {
        exchange.setProperty(WATCHER, watcher);
    }

    static <T> T watcher(Exchange exchange, Class<T> type) {
        return exchange.getProperty(WATCHER, type);
    }

    /** Checks how ffmpeg ended; a killed or failed run is worth another attempt. */
    @SuppressWarnings("unchecked")
    public void transcoded(Exchange exchange) throws Exception {
        stopWatcher(exchange);
        ChildResult result = exchange.getMessage().getMandatoryBody(ChildResult.class);
        if (result.exitValue() != 0) {
            deletions.check(id(exchange));
            stopping(exchange, "ffmpeg");
            throw new TransientFailure("ffmpeg exited with " + result.exitValue() + ": " + ChildOutput.tail(result.stderr()));
        }
        exchange.setProperty(TRANSCODED, System.nanoTime());
        Path out = dir(exchange).resolve("out");
        if (!Files.exists(out.resolve("master.m3u8"))) {
            throw new TransientFailure("ffmpeg wrote no master playlist");
        }
        ProbeResult media = exchange.getProperty(PROBE, ProbeResult.class);
        Files.writeString(out.resolve("master.m3u8"), masters.singlePass(out, exchange.getProperty(LADDER, List.class),
                ChunkPlan.outputFps(media.frameRate()), media.hasAudio()));
        try (Stream<Path> files = Files.list(out)) {
            // segments first, playlists last: a playlist never names a segment that is not stored yet
            exchange.getMessage().setBody(files.map(Path::toFile)
                    .sorted(Comparator.comparing((File f) -> f.getName().endsWith(".m3u8"))
                            .thenComparing(f -> f.getName().equals("master.m3u8"))
                            .thenComparing(File::getName))
                    .toList());
        }
    }

    /** Removes the job's temporary files, whatever the outcome. */
    public void cleanup(Exchange exchange) {
        removeTempFiles(exchange);
    }

    static void removeTempFiles(Exchange exchange) {
        Deletions.stopWatching(exchange);
        stopWatcher(exchange);
        Path dir = exchange.getProperty(WORK_DIR, Path.class);
        if (dir != null) {
            exchange.removeProperty(WORK_DIR);
            WorkDirs.remove(dir);
        }
    }

    private void stopping(Exchange exchange, String what) {
        outcomes.handBackIfStopping(exchange, what);
    }

    static void workDir(Exchange exchange, Path dir) {
        exchange.setProperty(WORK_DIR, dir);
    }

    private static void stopWatcher(Exchange exchange) {
        AutoCloseable watcher = exchange.getProperty(WATCHER, AutoCloseable.class);
        if (watcher != null) {
            exchange.removeProperty(WATCHER);
            try {
                watcher.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("Could not stop {}: {}", watcher, e.toString());
            }
        }
    }

    /** Sets the command the next {@code child:} step runs. */
    static void command(Message message, List<String> command) {
        message.setBody(new ChildCommand(command));
    }

    static String id(Exchange exchange) {
        return exchange.getMessage().getHeader(TranscodeJob.VIDEO_ID, String.class);
    }

    static String worker(Exchange exchange) {
        return exchange.getMessage().getHeader(JobQueueEndpoint.WORKER, String.class);
    }

    static Path dir(Exchange exchange) {
        return exchange.getProperty(WORK_DIR, Path.class);
    }

    private static Path source(Exchange exchange) {
        return dir(exchange).resolve("source");
    }
}
