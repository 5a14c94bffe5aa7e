package io.aether.worker.job;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.aether.Settings;
import io.aether.child.ChildOutput;
import io.aether.child.ChildResult;
import io.aether.media.ChunkPlan;
import io.aether.media.Playlists;
import io.aether.media.Rendition;
import io.aether.media.Storyboard;
import io.aether.store.ChunkStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storyboard sheets of a job's part of the video, made after its encode from its own lowest
 * rung (the cheapest frames to decode), so every chunk makes its sheet side by side with the
 * others. A whole-video job also writes the storyboard.vtt; a chunked video's grows with its
 * playlists (worker.chunked.Stitch).
 */
public final class StoryboardSheets {
    private static final Logger LOG = LoggerFactory.getLogger(StoryboardSheets.class);
    /** The files the encode made, kept while the storyboard run uses the body. */
    private static final String FILES = "AetherEncodedFiles";
    private static final String SHEETS = "AetherSheets";
    private static final String SHEETS_STARTED = "AetherSheetsStarted";
    public static final String VTT = "storyboard.vtt";

    private final Settings settings;
    private final Outcomes outcomes;
    private final Deletions deletions;

    public StoryboardSheets(Settings settings, Outcomes outcomes, Deletions deletions) {
        this.settings = settings;
        this.outcomes = outcomes;
        this.deletions = deletions;
    }

    /** The prefix of a chunk's sheets: its first segment's number, like its segments. */
    public static String prefix(int firstSegment) {
        return String.format(Locale.ROOT, "storyboard_%05d", firstSegment);
    }

    /** The lowest rung: the ladder is listed from the highest down. */
    public static Rendition lowest(List<Rendition> ladder) {
        return ladder.get(ladder.size() - 1);
    }

    /** After the encode: keeps its files, and makes the sheets' ffmpeg run the next step's command. */
    @SuppressWarnings("unchecked")
    public void command(Exchange exchange) throws Exception {
        Job job = Job.of(exchange);
        exchange.setProperty(FILES, exchange.getMessage().getBody(List.class));
        Path out = job.dir().resolve("out");
        Span span = span(job, out);
        exchange.setProperty(SHEETS, span);
        exchange.setProperty(SHEETS_STARTED, System.nanoTime());
        Rendition low = lowest(span.ladder());
        job.command(Storyboard.command(settings.ffmpeg(), out.resolve(low.name() + ".m3u8").toString(),
                span.start(), span.end(), Storyboard.interval(span.duration()),
                Storyboard.tileHeight(low.width(), low.height()), out, span.prefix()));
    }

    /**
     * After the sheets' run: the body becomes the sheets, then (a whole video) its storyboard.vtt,
     * then the encode's files, playlists last as before.
     */
    @SuppressWarnings("unchecked")
    public void made(Exchange exchange) throws Exception {
        Job job = Job.of(exchange);
        ChildResult result = exchange.getMessage().getMandatoryBody(ChildResult.class);
        if (result.exitValue() != 0) {
            deletions.check(job.videoId());
            outcomes.handBackIfStopping(exchange, "ffmpeg (storyboard)");
            throw new TransientFailure("ffmpeg (storyboard) exited with " + result.exitValue() + ": "
                    + ChildOutput.tail(result.stderr()));
        }
        Span span = exchange.getProperty(SHEETS, Span.class);
        Path out = job.dir().resolve("out");
        int interval = Storyboard.interval(span.duration());
        List<Storyboard.Sheet> sheets = Storyboard.sheets(span.prefix(), span.start(), span.end(), interval);
        List<File> files = new ArrayList<>();
        for (Storyboard.Sheet sheet : sheets) {
            Path file = out.resolve(sheet.url());
            if (!Files.exists(file)) {
                throw new TransientFailure("ffmpeg (storyboard) wrote no " + sheet.url());
            }
            files.add(file.toFile());
        }
        if (!job.isPart()) {
            Rendition low = lowest(span.ladder());
            Path vtt = out.resolve(VTT);
            Files.writeString(vtt, Storyboard.vtt(sheets, interval, Storyboard.tileHeight(low.width(), low.height()),
                    span.end()), StandardCharsets.UTF_8);
            files.add(vtt.toFile());
        }
        // what a part's storyboard adds to its time is measured here, as issue 19's speed is benchmarked
        long ms = (System.nanoTime() - exchange.getProperty(SHEETS_STARTED, Long.class)) / 1_000_000;
        LOG.info("Video {} {}: {} storyboard sheet(s) of {} s in {} ms", job.videoId(),
                job.isPart() ? job.partName() : "whole", sheets.size(),
                String.format(Locale.ROOT, "%.1f", span.end() - span.start()), ms);
        files.addAll(exchange.getProperty(FILES, List.class));
        exchange.removeProperty(FILES);
        exchange.getMessage().setBody(files);
    }

    /** What a job's sheets cover: [start, end) of a video this long, from this ladder. */
    record Span(double start, double end, double duration, List<Rendition> ladder, String prefix) {
    }

    private static Span span(Job job, Path out) throws Exception {
        if (job.isChunk()) {
            ChunkStore.Plan plan = job.partPlan();
            ChunkPlan.Chunk chunk = job.chunk();
            return new Span(chunk.startSeconds(), chunk.endSeconds(), plan.cut().seconds(), plan.ladder(),
                    prefix(chunk.firstSegment()));
        }
        // a whole video: as long as its lowest rung's playlist says, the length the storyboard covers
        List<Rendition> ladder = job.ladder();
        String playlist = Files.readString(out.resolve(lowest(ladder).name() + ".m3u8"), StandardCharsets.UTF_8);
        double seconds = Playlists.segments(playlist, name -> 0).stream().mapToDouble(Playlists.Segment::seconds).sum();
        return new Span(0, seconds, seconds, ladder, prefix(0));
    }
}
