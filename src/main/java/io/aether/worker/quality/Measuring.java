package io.aether.worker.quality;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ObjDoubleConsumer;

import io.aether.Json;
import io.aether.child.ChildOutput;
import io.aether.child.ChildResult;
import io.aether.media.ChunkPlan;
import io.aether.media.QualityCommand;
import io.aether.media.QualityPool;
import io.aether.media.Rendition;
import io.aether.media.RungQuality;
import io.aether.media.StatsLog;
import io.aether.media.VmafLog;
import io.aether.store.ChunkStore;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import io.aether.worker.job.Job;
import io.aether.worker.job.Outcomes;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of routes/worker/quality.yaml: after a job's encode (a chunk's: after its segments are
 * published), one run scores each rung it made against the reference frames its encode run wrote
 * (docs/quality.md). A single pass writes its rungs' quality to the record at once; a chunk keeps it
 * for the chunk's stored state (worker.chunked.ChunkRecords), and the video's is pooled from its
 * chunks when it completes ({@link #pooled}). A measurement that fails
 * never fails the job: the rung says why it has no figures.
 */
public final class Measuring {
    private static final Logger LOG = LoggerFactory.getLogger(Measuring.class);
    private static final String REFERENCE = "AetherQualityReference";
    private static final String MEASURE = "AetherMeasure";
    private static final String BODY = "AetherQualityBody";
    private static final String MEASURED = "AetherQuality";

    private final QualitySettings settings;
    private final QualityTools tools;
    private final VideoStore videos;
    private final Outcomes outcomes;
    private final int singlePassThreads;
    private final int partThreads;
    private final ObjDoubleConsumer<String> meter;

    /** @param meter records a rung's pooled VMAF mean (the Prometheus histogram) */
    public Measuring(QualitySettings settings, QualityTools tools, VideoStore videos, Outcomes outcomes,
                     int singlePassThreads, int partThreads, ObjDoubleConsumer<String> meter) {
        this.settings = settings;
        this.tools = tools;
        this.videos = videos;
        this.outcomes = outcomes;
        this.singlePassThreads = singlePassThreads;
        this.partThreads = partThreads;
        this.meter = meter;
    }

    /** What the job's encode run should also write, or null when nothing is measured. */
    public QualityCommand.Sampled reference(Exchange exchange, int width, int height) {
        if (!settings.measure()) {
            return null;
        }
        Job job = Job.of(exchange);
        Path file = job.dir().resolve(QualityCommand.REFERENCE);
        // a chunk's samples continue the video's (media/SampledFrames), and end with its frames
        ChunkPlan.Chunk chunk = job.isChunk() ? job.chunk() : null;
        QualityCommand.Sampled reference = chunk == null
                ? new QualityCommand.Sampled(file, every(job), width, height)
                : new QualityCommand.Sampled(file, every(job), width, height, chunk.startFrame(), chunk.frames());
        exchange.setProperty(REFERENCE, reference);
        return reference;
    }

    /** Keeps the files to publish aside, and prepares the measure run if the encode wrote the frames. */
    public void command(Exchange exchange) {
        Job job = Job.of(exchange);
        exchange.setProperty(BODY, exchange.getMessage().getBody());
        boolean measure = unmeasured(exchange) == null;
        exchange.setProperty(MEASURE, measure);
        if (!measure) {
            return;
        }
        QualityCommand.Sampled reference = exchange.getProperty(REFERENCE, QualityCommand.Sampled.class);
        Path out = job.dir().resolve("out");
        List<Path> rungs = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (Rendition rung : ladder(job)) {
            rungs.add(out.resolve(rung.name() + ".m3u8"));
            logs.add(job.dir().resolve("quality-" + rung.name() + (tools.vmaf() ? ".json" : "")));
        }
        job.command(QualityCommand.measure(tools.ffmpeg(), reference, rungs, logs, tools.vmaf(),
                job.isPart() ? partThreads : singlePassThreads));
    }

    /**
     * Why the job's rungs will have no figures (measurement turned off, or its encode wrote no reference
     * frames), after its encode; null when they will be measured.
     */
    public String unmeasured(Exchange exchange) {
        QualityCommand.Sampled reference = exchange.getProperty(REFERENCE, QualityCommand.Sampled.class);
        if (reference != null && Files.exists(reference.file())) {
            return null;
        }
        return settings.measure() ? "the encode wrote no reference frames" : "measurement turned off";
    }

    /** Every rung of the job without figures, saying why. */
    public Map<String, RungQuality> none(Exchange exchange, String why) {
        Job job = Job.of(exchange);
        int every = every(job);
        Map<String, RungQuality> none = new LinkedHashMap<>();
        ladder(job).forEach(rung -> none.put(rung.name(), RungQuality.failed(every, why)));
        return none;
    }

    /** Reads each rung's scores; the body is again the files to publish. */
    public void measured(Exchange exchange) throws Exception {
        Job job = Job.of(exchange);
        Map<String, RungQuality> measured = new LinkedHashMap<>();
        int every = every(job);
        if (!exchange.getProperty(MEASURE, false, Boolean.class)) {
            measured.putAll(none(exchange, unmeasured(exchange)));
        } else {
            ChildResult result = exchange.getMessage().getMandatoryBody(ChildResult.class);
            if (result.exitValue() != 0) {
                outcomes.handBackIfStopping(exchange, "ffmpeg (quality)");
            }
            for (Rendition rung : ladder(job)) {
                measured.put(rung.name(), result.exitValue() == 0 ? read(job, rung, every)
                        : RungQuality.failed(every, "the measurement failed: " + ChildOutput.tail(result.stderr())));
            }
        }
        exchange.getMessage().setBody(exchange.getProperty(BODY));
        if (job.isChunk()) {
            exchange.setProperty(MEASURED, measured);
            return;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        measured.forEach((rung, quality) -> fields.put(rung, Json.write(quality.view())));
        if (videos.update(job.videoId(), new Video.Changes().quality(fields))) {
            measured.forEach(this::meter);
        }
    }

    /** What a chunk job measured, by rung, for its stored state. */
    public static Map<String, RungQuality> of(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, RungQuality> measured = exchange.getProperty(MEASURED, Map.class);
        return measured == null ? Map.of() : measured;
    }

    /** A chunked video's rungs, pooled from its chunks, as the record keeps them. */
    public Map<String, String> pooled(ChunkStore.State state) {
        Map<String, String> fields = new LinkedHashMap<>();
        pool(state).forEach((rung, quality) -> fields.put(rung, Json.write(quality.view())));
        return fields;
    }

    /** After the change that completed the video landed: its rungs counted in the histogram, once. */
    public void completed(ChunkStore.State state) {
        pool(state).forEach(this::meter);
    }

    private Map<String, RungQuality> pool(ChunkStore.State state) {
        Map<String, RungQuality> pooled = new LinkedHashMap<>();
        int every = every(state.plan().sampleEvery());
        for (Rendition rung : state.plan().ladder()) {
            List<RungQuality> parts = new ArrayList<>();
            for (ChunkStore.Done done : state.done().values()) {
                RungQuality part = done.quality() == null ? null : done.quality().get(rung.name());
                parts.add(part != null ? part : RungQuality.failed(every, "a chunk was stored without a measurement"));
            }
            pooled.put(rung.name(), RungQuality.pool(parts));
        }
        return pooled;
    }

    /**
     * One frame in every N, as decided once for the video (the trials, LadderTrials; a chunk finds it in
     * its video's plan), so every chunk samples alike; else the densest.
     */
    private int every(Job job) {
        return every(job.isChunk() ? job.partPlan().sampleEvery() : job.sampleEvery());
    }

    private int every(Integer decided) {
        return decided != null ? decided : settings.sampleEvery();
    }

    private void meter(String rung, RungQuality quality) {
        Double mean = quality.vmafMean();
        if (mean != null) {
            meter.accept(rung, mean);
        }
    }

    private RungQuality read(Job job, Rendition rung, int every) {
        Path log = job.dir().resolve("quality-" + rung.name());
        try {
            QualityPool pool = tools.vmaf()
                    ? VmafLog.read(Files.readString(log.resolveSibling(log.getFileName() + ".json")))
                    : StatsLog.read(text(log, ".psnr"), text(log, ".ssim"));
            return RungQuality.measured(every, pool, tools.vmaf() ? null : tools.reason());
        } catch (Exception e) {
            LOG.warn("Video {}: the measurement of {} is unreadable: {}", job.videoId(), rung.name(), e.getMessage());
            return RungQuality.failed(every, "the measurement is unreadable: " + e.getMessage());
        }
    }

    private static String text(Path stem, String suffix) throws java.io.IOException {
        return Files.readString(stem.resolveSibling(stem.getFileName() + suffix), StandardCharsets.UTF_8);
    }

    private static List<Rendition> ladder(Job job) {
        return job.isChunk() ? job.partPlan().ladder() : job.ladder();
    }
}
