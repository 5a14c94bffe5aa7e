package io.aether.worker;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.aether.Settings;
import io.aether.jobs.JobEvent;
import io.aether.jobs.TranscodeJob;
import io.aether.media.ContentTypes;
import io.aether.media.FfmpegCommand;
import io.aether.media.InvalidMediaException;
import io.aether.media.LadderPlanner;
import io.aether.media.ProbeParser;
import io.aether.media.ProbeResult;
import io.aether.media.Rendition;
import io.aether.queue.JobQueueEndpoint;
import io.aether.store.VideoStore;
import io.minio.PutObjectArgs;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.exec.ExecBinding;
import org.apache.camel.component.exec.ExecResult;
import org.apache.camel.component.minio.MinioConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps of the transcode route, in route order; how a job ends is {@link Outcomes}. */
public final class Transcoding {
    private static final Logger LOG = LoggerFactory.getLogger(Transcoding.class);
    static final String STARTED = "AetherStartedNanos";
    static final String TRANSCODED = "AetherTranscodedNanos";
    private static final String WORK_DIR = "AetherWorkDir";
    private static final String WATCHER = "AetherProgressWatcher";
    private static final int ERROR_TAIL = 400;

    private final Settings settings;
    private final VideoStore videos;
    private final WorkDirs workDirs;
    private final WorkerStop stop;
    private final Outcomes outcomes;
    private final LadderPlanner planner = new LadderPlanner();

    public Transcoding(Settings settings, VideoStore videos, WorkDirs workDirs, WorkerStop stop, Outcomes outcomes) {
        this.settings = settings;
        this.videos = videos;
        this.workDirs = workDirs;
        this.stop = stop;
        this.outcomes = outcomes;
    }

    /** Marks the job active for this worker, counts the attempt and points the next step at the raw object. */
    public void start(Exchange exchange) throws IOException {
        String id = id(exchange);
        // a redelivery after the stop began: the job goes back before another attempt is counted
        stopping(exchange, "the job");
        VideoStore.Transition started = videos.apply(id, JobEvent.START,
                Map.of("worker", worker(exchange), "startedAt", Instant.now().toString(), "progress", "0"), null, 1);
        switch (started.outcome()) {
            case MISSING -> throw new JobSkipped("video " + id + " no longer exists");
            case REFUSED -> throw new JobSkipped("video " + id + " is already finished");
            default -> {
            }
        }
        Map<String, String> record = videos.find(id).orElseThrow(() -> new JobSkipped("video " + id + " was deleted"));
        if (started.attempts() > settings.maxAttempts()) {
            String last = record.getOrDefault("error", "");
            throw new PermanentFailure("gave up after " + settings.maxAttempts() + " attempts"
                    + (last.isEmpty() ? "" : ": " + last));
        }
        exchange.setProperty(WORK_DIR, workDirs.create(id));
        exchange.setProperty(STARTED, System.nanoTime());
        exchange.getMessage().setHeader(MinioConstants.OBJECT_NAME, record.getOrDefault("rawKey", id + "/source"));
        LOG.info("Video {} attempt {} on {}", id, started.attempts(), worker(exchange));
    }

    /** Saves the fetched raw object where ffprobe and ffmpeg can seek in it. */
    public void saveSource(Exchange exchange) throws Exception {
        try (InputStream in = exchange.getMessage().getMandatoryBody(InputStream.class)) {
            Files.copy(in, source(exchange), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** ffprobe has no -nostdin (it never reads keystrokes); its stdin is empty all the same. */
    public void probeCommand(Exchange exchange) {
        command(exchange.getMessage(), List.of(settings.ffprobe(), "-v", "error", "-print_format", "json",
                "-show_format", "-show_streams", source(exchange).toString()));
    }

    /** Reads ffprobe's answer, plans the ladder and prepares the one ffmpeg run. */
    public void transcodeCommand(Exchange exchange) throws Exception {
        ExecResult probe = exchange.getMessage().getMandatoryBody(ExecResult.class);
        if (probe.getExitValue() != 0) {
            stopping(exchange, "ffprobe");
            // the temp path means nothing to the client
            String why = tail(probe.getStderr()).replace(source(exchange) + ": ", "");
            throw new PermanentFailure("the upload is not a readable video: " + why);
        }
        ProbeResult media;
        try {
            media = ProbeParser.parse(text(probe.getStdout()));
        } catch (InvalidMediaException e) {
            throw new PermanentFailure("the upload is not a usable video: " + e.getMessage(), e);
        }
        List<Rendition> ladder = planner.plan(media.displayWidth(), media.displayHeight());
        String id = id(exchange);
        videos.update(id, Map.of(
                "duration", Double.toString(media.durationSeconds()),
                "width", Integer.toString(media.displayWidth()),
                "height", Integer.toString(media.displayHeight()),
                "hasAudio", Boolean.toString(media.hasAudio()),
                "renditions", ladder.stream().map(Rendition::name).collect(Collectors.joining(","))));
        Path dir = dir(exchange);
        Path progress = dir.resolve("progress.txt");
        command(exchange.getMessage(), FfmpegCommand.build(settings.ffmpeg(), source(exchange), dir.resolve("out"),
                progress, media, ladder, settings.segmentSeconds(), settings.x264Preset()));
        exchange.setProperty(WATCHER, new ProgressWatcher(progress, media.durationSeconds(),
                percent -> videos.progress(id, worker(exchange), percent)));
    }

    /** Checks how ffmpeg ended; a killed or failed run is worth another attempt. */
    public void transcoded(Exchange exchange) throws Exception {
        stopWatcher(exchange);
        ExecResult result = exchange.getMessage().getMandatoryBody(ExecResult.class);
        if (result.getExitValue() != 0) {
            stopping(exchange, "ffmpeg");
            throw new TransientFailure("ffmpeg exited with " + result.getExitValue() + ": " + tail(result.getStderr()));
        }
        exchange.setProperty(TRANSCODED, System.nanoTime());
        Path out = dir(exchange).resolve("out");
        if (!Files.exists(out.resolve("master.m3u8"))) {
            throw new TransientFailure("ffmpeg wrote no master playlist");
        }
        try (Stream<Path> files = Files.list(out)) {
            // segments first, playlists last: a playlist never names a segment that is not stored yet
            exchange.getMessage().setBody(files.map(Path::toFile)
                    .sorted(Comparator.comparing((File f) -> f.getName().endsWith(".m3u8"))
                            .thenComparing(f -> f.getName().equals("master.m3u8"))
                            .thenComparing(File::getName))
                    .toList());
        }
    }

    /**
     * Makes one output file the put into the processed bucket. The put is built here because
     * camel-minio would store a Content-Type header as user metadata. A segment is a few MB, so
     * reading it whole keeps no file handle open past the put.
     */
    public void outputObject(Exchange exchange) throws IOException {
        File file = exchange.getMessage().getBody(File.class);
        byte[] bytes = Files.readAllBytes(file.toPath());
        exchange.getMessage().setBody(PutObjectArgs.builder()
                .bucket(settings.processedBucket())
                .object(id(exchange) + "/" + file.getName())
                .contentType(ContentTypes.of(file.getName()))
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1));
    }

    /** Removes the job's temporary files, whatever the outcome. */
    public void cleanup(Exchange exchange) {
        removeTempFiles(exchange);
    }

    static void removeTempFiles(Exchange exchange) {
        stopWatcher(exchange);
        Path dir = exchange.getProperty(WORK_DIR, Path.class);
        if (dir != null) {
            exchange.removeProperty(WORK_DIR);
            WorkDirs.remove(dir);
        }
    }

    /**
     * A child ended by a stopping worker failed for that reason alone: the job goes back. Handed
     * back here, not only in the route's error handling, which Camel skips once it is stopping.
     */
    private void stopping(Exchange exchange, String what) {
        if (stop.stopping()) {
            outcomes.handBack(exchange);
            throw new WorkerStopping(what + " was cut short because this worker is stopping");
        }
    }

    private static void stopWatcher(Exchange exchange) {
        ProgressWatcher watcher = exchange.getProperty(WATCHER, ProgressWatcher.class);
        if (watcher != null) {
            exchange.removeProperty(WATCHER);
            try {
                watcher.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sets the command camel-exec runs; the body is cleared so that nothing could reach the child's stdin. */
    private static void command(Message message, List<String> command) {
        message.setBody(null);
        message.setHeader(ExecBinding.EXEC_COMMAND_EXECUTABLE, command.get(0));
        message.setHeader(ExecBinding.EXEC_COMMAND_ARGS, command.subList(1, command.size()));
    }

    private static String text(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String tail(InputStream stderr) throws IOException {
        String text = text(stderr).strip();
        return text.length() <= ERROR_TAIL ? text : "…" + text.substring(text.length() - ERROR_TAIL);
    }

    static String id(Exchange exchange) {
        return exchange.getMessage().getHeader(TranscodeJob.VIDEO_ID, String.class);
    }

    static String worker(Exchange exchange) {
        return exchange.getMessage().getHeader(JobQueueEndpoint.WORKER, String.class);
    }

    private static Path dir(Exchange exchange) {
        return exchange.getProperty(WORK_DIR, Path.class);
    }

    private static Path source(Exchange exchange) {
        return dir(exchange).resolve("source");
    }
}
