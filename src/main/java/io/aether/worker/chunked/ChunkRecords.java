package io.aether.worker.chunked;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.aether.media.Playlists;
import io.aether.media.Rendition;
import io.aether.store.ChunkStore;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import io.aether.worker.job.Deletions;
import io.aether.worker.job.Job;
import io.aether.worker.quality.Measuring;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chunk job's two records in its video's chunk state, each followed by a stitch. First its segments, as
 * soon as they are stored: the stitch publishes them, so the video plays once its first chunk is in,
 * without waiting for that chunk's measure run. Then its quality, after the measure run: only a chunk
 * with both counts as done, and the stitch completes the video only when every chunk's is in. A chunk
 * with nothing to measure is recorded done at once.
 */
public final class ChunkRecords {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkRecords.class);
    /** The chunk as recorded with its segments, for the quality to be added to. */
    private static final String RECORDED = "AetherChunkRecorded";

    private final VideoStore videos;
    private final ChunkStore chunks;
    private final Stitcher stitcher;
    private final Parts parts;
    private final Deletions deletions;
    private final Measuring measuring;

    public ChunkRecords(VideoStore videos, ChunkStore chunks, Stitcher stitcher, Parts parts, Deletions deletions,
                        Measuring measuring) {
        this.videos = videos;
        this.chunks = chunks;
        this.stitcher = stitcher;
        this.parts = parts;
        this.deletions = deletions;
        this.measuring = measuring;
    }

    /** After the chunk's segments are stored: records them per rung, unmeasured, then publishes what can be. */
    public void stored(Exchange exchange) throws Exception {
        Job job = Job.of(exchange);
        String id = job.videoId();
        int index = job.chunkIndex();
        ChunkStore.Plan plan = job.partPlan();
        Path out = job.dir().resolve("out");
        Map<String, List<Playlists.Segment>> segments = new LinkedHashMap<>();
        Map<String, String> codecs = new LinkedHashMap<>();
        for (Rendition rung : plan.ladder()) {
            List<Playlists.Segment> list = segments(out, rung);
            segments.put(rung.name(), list);
            if (index == 0 && !list.isEmpty()) {
                codecs.put(rung.name(), parts.codecs(out.resolve(list.get(0).name())));
            }
        }
        List<Playlists.Segment> first = segments.get(plan.ladder().get(0).name());
        if (index == 0 && !first.isEmpty()) {
            // before the stitch stores a master: captions map their time 0 to it
            videos.update(id, new Video.Changes().firstPts(parts.firstPts(out.resolve(first.get(0).name()))));
        }
        // with nothing to measure the chunk is done now: one record and one stitch, not two
        String unmeasured = measuring.unmeasured(exchange);
        ChunkStore.Done recorded = new ChunkStore.Done(job.worker(), segments, codecs,
                unmeasured == null ? null : measuring.none(exchange, unmeasured));
        chunks.saveChunk(id, index, recorded);
        exchange.setProperty(RECORDED, recorded);
        // which worker did which chunk when, and how long it took, tells how well the workers share a video
        LOG.info("Video {} chunk {} ({} s from {} s) stored by {}, {} ms after it was taken", id, index,
                plan.cut().chunks().get(index).seconds(), plan.cut().chunks().get(index).startSeconds(),
                job.worker(), exchange.getClock().elapsed());
        progress(id, plan);
        if (recorded.measured()) {
            // the stitch may complete the video: nothing of this job is left by then
            job.cleanup();
        }
        stitcher.publish(id);
    }

    /**
     * After the measure run: the chunk's quality (or why it has none) joins its segments, and the chunk is
     * done; the stitch that finds every chunk's quality in completes the video.
     */
    public void measured(Exchange exchange) throws Exception {
        Job job = Job.of(exchange);
        String id = job.videoId();
        ChunkStore.Done recorded = exchange.getProperty(RECORDED, ChunkStore.Done.class);
        if (recorded.measured()) {
            return; // recorded done with its segments: nothing was measured
        }
        // a measure run ended because the video went: the job is skipped, not recorded as measured
        deletions.check(id);
        chunks.saveChunk(id, job.chunkIndex(), recorded.measured(Measuring.of(exchange)));
        LOG.info("Video {} chunk {} measured by {}, {} ms after it was taken", id, job.chunkIndex(), job.worker(),
                exchange.getClock().elapsed());
        job.cleanup();
        stitcher.publish(id);
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

    /** A rung's segments as its playlist in the job's output lists them, with their sizes. */
    static List<Playlists.Segment> segments(Path out, Rendition rung) throws Exception {
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
