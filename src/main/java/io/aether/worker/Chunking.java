package io.aether.worker;

import io.aether.child.ChildResult;
import io.aether.child.ChildProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.aether.Settings;
import io.aether.media.ChunkCommand;
import io.aether.media.ChunkPlan;
import io.aether.media.Playlists;
import io.aether.media.ProbeResult;
import io.aether.media.Rendition;
import io.aether.store.ChunkStore;
import io.aether.store.VideoStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a chunked transcode. The job that probed a long source plans the chunks and
 * queues one job per chunk plus one for the audio; any worker takes any of them. A chunk job
 * encodes its time range of every rung in one ffmpeg run and stores its segments; the audio job
 * stores its segments as they come; after each, the {@link Stitcher} publishes what it can.
 */
public final class Chunking {
    private static final Logger LOG = LoggerFactory.getLogger(Chunking.class);
    /** Exchange property: whether the probed source was cut into chunks. */
    public static final String CHUNKED = "AetherChunked";
    private static final String PLAN = "AetherChunkPlan";

    private final Settings settings;
    private final VideoStore videos;
    private final ChunkStore chunks;
    private final Stitcher stitcher;
    private final ProcessedObjects objects;
    private final ChildProcesses children;
    private final Function<String, String> presign;
    private final Parts parts;
    private final Deletions deletions;

    public Chunking(Settings settings, VideoStore videos, ChunkStore chunks, Stitcher stitcher, ProcessedObjects objects,
                    ChildProcesses children, Function<String, String> presign, Parts parts, Deletions deletions) {
        this.deletions = deletions;
        this.settings = settings;
        this.videos = videos;
        this.chunks = chunks;
        this.stitcher = stitcher;
        this.objects = objects;
        this.children = children;
        this.presign = presign;
        this.parts = parts;
    }

    /** After the probe: a long source is cut, and the body becomes the part jobs to queue. */
    @SuppressWarnings("unchecked")
    public void plan(Exchange exchange) {
        ProbeResult media = exchange.getProperty(Transcoding.PROBE, ProbeResult.class);
        ChunkPlan cut = ChunkPlan.plan(media.durationSeconds(), media.frameRate(), settings.segmentSeconds(),
                settings.chunkSegments(), settings.chunkThresholdSeconds(), settings.firstSegmentSeconds());
        exchange.setProperty(CHUNKED, settings.chunking() && cut.chunked());
        if (!settings.chunking() || !cut.chunked()) {
            return;
        }
        String id = Transcoding.id(exchange);
        ChunkStore.Plan plan = chunks.savePlan(id, new ChunkStore.Plan(cut,
                exchange.getProperty(Transcoding.LADDER, List.class), media.hasAudio(), "und"));
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
        String id = Transcoding.id(exchange);
        int count = chunks.plan(id).map(p -> p.cut().chunks().size()).orElse(0);
        videos.update(id, Map.of("chunks", Integer.toString(count), "playable", "false"));
        Transcoding.removeTempFiles(exchange);
        LOG.info("Video {} cut into {} chunks for any worker to take", id, count);
    }

    /** A chunk job: its one ffmpeg run reads the raw object by a short-lived URL, never all of it. */
    public void chunkCommand(Exchange exchange) {
        ChunkStore.Plan plan = parts.plan(exchange);
        ChunkPlan.Chunk chunk = plan.cut().chunks().get(Parts.chunkIndex(exchange));
        Path dir = Transcoding.dir(exchange);
        String url = children.hide(presign.apply(Parts.rawKey(exchange)));
        Transcoding.command(exchange.getMessage(), ChunkCommand.video(settings.ffmpeg(), url, dir.resolve("out"),
                dir.resolve("progress.txt"), chunk, plan.ladder(), settings.segmentSeconds(), settings.x264Preset(),
                settings.slots()));
    }

    /** Checks the run and makes the segment files the body, for the publish route to store. */
    public void chunkEncoded(Exchange exchange) throws Exception {
        parts.ended(exchange, exchange.getMessage().getMandatoryBody(ChildResult.class), "ffmpeg");
        Path out = Transcoding.dir(exchange).resolve("out");
        List<java.io.File> files = new ArrayList<>();
        for (Rendition rung : parts.plan(exchange).ladder()) {
            for (Playlists.Segment s : segments(out, rung)) {
                files.add(out.resolve(s.name()).toFile());
            }
        }
        exchange.getMessage().setBody(files);
    }

    /** Records the stored chunk, with its segments per rung, then publishes what can be. */
    public void chunkStored(Exchange exchange) throws Exception {
        String id = Transcoding.id(exchange);
        int index = Parts.chunkIndex(exchange);
        ChunkStore.Plan plan = parts.plan(exchange);
        Path out = Transcoding.dir(exchange).resolve("out");
        Map<String, List<Playlists.Segment>> segments = new LinkedHashMap<>();
        Map<String, String> codecs = new LinkedHashMap<>();
        for (Rendition rung : plan.ladder()) {
            List<Playlists.Segment> list = segments(out, rung);
            segments.put(rung.name(), list);
            if (index == 0 && !list.isEmpty()) {
                codecs.put(rung.name(), parts.codecs(out.resolve(list.get(0).name())));
            }
        }
        chunks.saveChunk(id, index, new ChunkStore.Done(Transcoding.worker(exchange), segments, codecs));
        // which worker did which chunk when, and how long it took, tells how well the workers share a video
        LOG.info("Video {} chunk {} ({} s from {} s) stored by {}, {} ms after it was taken", id, index,
                plan.cut().chunks().get(index).seconds(), plan.cut().chunks().get(index).startSeconds(),
                Transcoding.worker(exchange), exchange.getClock().elapsed());
        Transcoding.removeTempFiles(exchange);
        progress(id, plan);
        stitcher.publish(id);
    }

    /** The audio job: one run over the whole source, its segments stored as they come. */
    public void audioCommand(Exchange exchange) {
        String id = Transcoding.id(exchange);
        Path dir = Transcoding.dir(exchange);
        String url = children.hide(presign.apply(Parts.rawKey(exchange)));
        Transcoding.command(exchange.getMessage(), ChunkCommand.audio(settings.ffmpeg(), url, dir.resolve("out"),
                dir.resolve("progress.txt"), settings.segmentSeconds()));
        Transcoding.watch(exchange, new AudioWatcher(dir.resolve("out").resolve("audio.m3u8"),
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
        Transcoding.watcher(exchange, AudioWatcher.class).finish();
        LOG.info("Video {} audio stored by {}, {} ms after it was taken", Transcoding.id(exchange),
                Transcoding.worker(exchange), exchange.getClock().elapsed());
        Transcoding.removeTempFiles(exchange);
    }

    /** A part job whose part is stored already (a retry after a crash) only publishes. */
    public void publishOnly(Exchange exchange) throws Exception {
        Transcoding.removeTempFiles(exchange);
        stitcher.publish(Transcoding.id(exchange));
    }

    private void progress(String id, ChunkStore.Plan plan) {
        // none when another worker's part finished the video meanwhile: its state went with it
        ChunkStore.State state = chunks.state(id).orElse(null);
        if (state == null) {
            return;
        }
        double done = state.done().keySet().stream()
                .mapToDouble(i -> plan.cut().chunks().get(i).seconds()).sum();
        videos.progress(id, null, (int) Math.min(99, Math.floor(100 * done / plan.cut().seconds())));
    }

    private static List<Playlists.Segment> segments(Path out, Rendition rung) throws Exception {
        Path playlist = out.resolve(rung.name() + ".m3u8");
        return Playlists.segments(Files.readString(playlist, StandardCharsets.UTF_8), name -> size(out.resolve(name)));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
