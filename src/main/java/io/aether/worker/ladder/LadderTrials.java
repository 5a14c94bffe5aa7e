package io.aether.worker.ladder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.child.ChildOutput;
import io.aether.child.ChildResult;
import io.aether.media.ChunkPlan;
import io.aether.media.Encoding;
import io.aether.media.InvalidMediaException;
import io.aether.media.PerTitleLadder;
import io.aether.media.ProbeResult;
import io.aether.media.Rendition;
import io.aether.media.SampleDensity;
import io.aether.media.TrialCommand;
import io.aether.media.VmafLog;
import io.aether.store.ChunkStore;
import io.aether.store.Rung;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import io.aether.worker.job.Deletions;
import io.aether.worker.job.Job;
import io.aether.worker.job.Outcomes;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of routes/worker/analyse.yaml, between the probe and the plan of the whole-video job: a
 * per-title video's trial encodes, and the ladder they choose; a fixed one keeps LadderPlanner's ABR
 * ladder. Decided once per video, before any chunk is cut, so every chunk encodes alike (docs/ladder.md).
 */
public final class LadderTrials {
    private static final Logger LOG = LoggerFactory.getLogger(LadderTrials.class);
    /** Whether the trial run is to be made (a route property). */
    public static final String TRIALS = "AetherTrials";
    private static final String STARTED = "AetherTrialsStarted";
    private static final String URLS = "AetherTrialsUrls";
    /** The trial runs not yet made (TrialCommand.build: the samples first, then one per trial CRF). */
    private static final String RUNS = "AetherTrialRuns";
    /** Whether another trial run is to be made (the route's loop). */
    public static final String NEXT = "AetherTrialsNext";

    private final LadderSettings settings;
    private final VideoStore videos;
    private final ChunkStore chunks;
    private final Function<String, String> source;
    private final Outcomes outcomes;
    private final Deletions deletions;
    private final PerTitleLadder chooser;
    private final SampleDensity density;

    /**
     * @param density what the measurement's sampling is chosen within (docs/quality.md, Sampling)
     * @param source a raw object's address for ffmpeg (hidden from logs), a fresh one per call
     */
    public LadderTrials(LadderSettings settings, SampleDensity density, VideoStore videos, ChunkStore chunks,
                        Function<String, String> source, Outcomes outcomes, Deletions deletions) {
        this.density = density;
        this.outcomes = outcomes;
        this.deletions = deletions;
        this.source = source;
        this.settings = settings;
        this.chooser = new PerTitleLadder(LadderSettings.MIN_CRF, settings.maxCrf(), LadderSettings.MIN_GAIN,
                settings.minGainPerMbps());
        this.videos = videos;
        this.chunks = chunks;
    }

    /** Prepares the trial run, or settles on the fixed ladder when per-title is not asked or not possible. */
    public void command(Exchange exchange) throws IOException {
        Job job = Job.of(exchange);
        exchange.setProperty(TRIALS, false);
        Optional<ChunkStore.Plan> saved = chunks.plan(job.videoId());
        if (saved.isPresent()) {
            // a repeated attempt of a chunked video: its chunks encode the plan made first, and so does this
            job.probed(job.probe(), saved.get().ladder());
            return;
        }
        Video video = videos.find(job.videoId()).orElse(null);
        Optional<List<Rendition>> decided = video == null ? Optional.empty()
                : DecidedLadder.of(video.ladder(), video.encodings(), job.ladder());
        if (decided.isPresent()) {
            // a repeated single pass (or a whole-video job that died before its plan): the first decision stands
            LOG.info("Video {}: the {} ladder an earlier attempt decided, no trials: {}", job.videoId(),
                    video.ladder(), decided.get().stream().map(Rendition::name).toList());
            job.probed(job.probe(), decided.get());
            return;
        }
        String asked = video == null ? null : video.ladderAsked();
        if (asked == null || asked.isEmpty()) {
            asked = settings.ladder();
        }
        if (LadderSettings.FIXED.equals(asked)) {
            fixed(job, null);
            return;
        }
        if (settings.qualityFfmpeg().isEmpty()) {
            fixed(job, "no ffmpeg with libvmaf for the trial encodes (AETHER_QUALITY_FFMPEG is empty)");
            return;
        }
        Path dir = Files.createDirectories(job.dir().resolve("trials"));
        List<String> urls = new ArrayList<>();
        List<List<String>> runs = new ArrayList<>(TrialCommand.build(settings.qualityFfmpeg(), () -> {
            urls.add(source.apply(job.rawKey()));
            return urls.get(urls.size() - 1);
        }, dir, job.probe(), candidates(job.ladder()), settings.sampling()));
        job.command(runs.remove(0));
        exchange.setProperty(RUNS, runs);
        exchange.setProperty(NEXT, true);
        exchange.setProperty(URLS, urls);
        exchange.setProperty(TRIALS, true);
        exchange.setProperty(STARTED, System.nanoTime());
    }

    /**
     * After each trial run: the next one, or the end of the loop when none is left or this one failed
     * (its result stays the body for {@link #analysed}). The runs are one after another so that only a
     * third of the trials' encoders and scorers are in memory at once (TrialCommand.build).
     */
    @SuppressWarnings("unchecked")
    public void ran(Exchange exchange) throws Exception {
        Job job = Job.of(exchange);
        ChildResult result = exchange.getMessage().getMandatoryBody(ChildResult.class);
        List<List<String>> runs = exchange.getProperty(RUNS, List.class);
        if (result.exitValue() == 0 && !runs.isEmpty()) {
            job.command(runs.remove(0));
            return;
        }
        exchange.setProperty(NEXT, false);
        // the raw samples (60 MB at 1080p) are read by the trial runs only
        Files.deleteIfExists(job.dir().resolve("trials").resolve(TrialCommand.SAMPLES));
    }

    /** Reads the trials and chooses the ladder; trials that failed fall back to the fixed ladder with why. */
    public void analysed(Exchange exchange) throws Exception {
        Job job = Job.of(exchange);
        ChildResult result = exchange.getMessage().getMandatoryBody(ChildResult.class);
        exchange.getMessage().setBody(null);
        long ms = (System.nanoTime() - exchange.getProperty(STARTED, Long.class)) / 1_000_000;
        if (result.exitValue() != 0) {
            // a run cut short by a deletion or a stop says nothing of the source
            deletions.check(job.videoId());
            outcomes.handBackIfStopping(exchange, "the trial encodes");
            String why = ChildOutput.tail(result.stderr());
            for (Object url : exchange.getProperty(URLS, List.class)) {
                why = why.replace(url.toString(), "the source"); // the URL means nothing to the client
            }
            LOG.warn("Video {}: trial encodes failed after {} ms, fixed ladder: {}", job.videoId(), ms, why);
            fixed(job, "the trial encodes failed: " + why);
            return;
        }
        List<PerTitleLadder.Candidate> candidates;
        try {
            candidates = read(job.dir().resolve("trials"), job.probe(), candidates(job.ladder()));
        } catch (InvalidMediaException e) {
            LOG.warn("Video {}: trial encodes could not be measured, fixed ladder: {}", job.videoId(), e.getMessage());
            fixed(job, "the trial encodes could not be measured: " + e.getMessage());
            return;
        }
        List<Rendition> ladder = chosen(candidates);
        job.sampleEvery(sampleEvery(job, ladder));
        // the points as well as the choice: an operator can see why a rung was capped or dropped
        LOG.info("Video {}: per-title ladder from trials in {} ms: {} (trials crf/kbps/vmaf, VMAF calibrated: {})", job.videoId(), ms,
                ladder.stream().map(r -> r.name() + "@crf" + r.encoding().crf()).toList(), candidates.stream()
                        .map(c -> c.rung().name() + c.trials().stream().map(t -> String.format(java.util.Locale.ROOT,
                                " %.0f/%.0f/%.1f", t.crf(), t.kbps(), t.vmaf())).toList()).toList());
        decide(job, LadderSettings.PER_TITLE, null, ladder);
    }

    /**
     * One frame in every N to measure: the sparsest whose error stays within the setting's, judged by
     * how widely the trials' frames score at each kept rung's CRF (the widest of them); the densest
     * when the trials' logs do not say.
     */
    int sampleEvery(Job job, List<Rendition> ladder) {
        long frames = Math.round(job.probe().durationSeconds() * ChunkPlan.outputFps(job.probe().frameRate()));
        double widest;
        try {
            widest = TrialSpread.widest(job.dir().resolve("trials"), settings.sampling().crfs(),
                    candidates(job.ladder()), ladder);
        } catch (IOException | InvalidMediaException e) {
            LOG.warn("Video {}: the trials' frames are unreadable, measured at the densest: {}", job.videoId(),
                    e.getMessage());
            return density.densest();
        }
        int every = density.every(widest, frames);
        LOG.info("Video {}: measured one frame in every {} (the trials' frames spread {} VMAF at most, {} frames)",
                job.videoId(), every, String.format(java.util.Locale.ROOT, "%.2f", widest), frames);
        return every;
    }

    /** The rungs the trials choose, highest first, each at its capped CRF; the others are dropped. */
    List<Rendition> chosen(List<PerTitleLadder.Candidate> candidates) {
        List<Rendition> ladder = new ArrayList<>();
        for (PerTitleLadder.Choice c : chooser.choose(candidates)) {
            int cap = c.capKbps();
            double target = candidates.stream().filter(k -> k.rung().name().equals(c.rung().name())).findFirst()
                    .orElseThrow().targetVmaf();
            ladder.add(c.rung().cappedCrf(c.crf(), target, cap, (int) Math.round(cap * LadderSettings.BUFFER),
                    c.capped()));
        }
        return ladder;
    }

    /** LadderPlanner's rungs with their per-title caps; trials never go above the source's size, as it doesn't. */
    List<Rendition> candidates(List<Rendition> planned) {
        List<Rendition> out = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            Rendition r = planned.get(i);
            int cap = settings.cap(i);
            out.add(new Rendition(r.name(), r.width(), r.height(), cap, cap,
                    (int) Math.round(cap * LadderSettings.BUFFER), r.audioKbps()));
        }
        return out;
    }

    List<PerTitleLadder.Candidate> read(Path dir, ProbeResult probe, List<Rendition> rungs)
            throws IOException, InvalidMediaException {
        TrialCommand.Sampling s = settings.sampling();
        int fps = ChunkPlan.outputFps(probe.frameRate());
        List<PerTitleLadder.Candidate> out = new ArrayList<>();
        for (int i = 0; i < rungs.size(); i++) {
            List<PerTitleLadder.Trial> trials = new ArrayList<>();
            for (int c = 0; c < s.crfs().size(); c++) {
                int t = i * s.crfs().size() + c;
                double kbps;
                try {
                    kbps = TrialCommand.kbps(Files.readAllBytes(dir.resolve("trial-" + t + ".h264")), fps);
                } catch (IllegalArgumentException e) {
                    throw new InvalidMediaException(e.getMessage());
                }
                double vmaf = meanVmaf(Files.readString(dir.resolve("vmaf-" + t + ".json")));
                trials.add(new PerTitleLadder.Trial(s.crfs().get(c), Math.max(1, kbps), vmaf));
            }
            out.add(new PerTitleLadder.Candidate(rungs.get(i), settings.target(i), trials)
                    .calibrated(LadderSettings.TRIAL_BIAS));
        }
        return out;
    }

    /** The mean of the frames' VMAF in a libvmaf JSON log (the trials score VMAF alone). */
    static double meanVmaf(String json) throws InvalidMediaException {
        double sum = 0;
        int n = 0;
        for (JsonNode frame : VmafLog.scored(json)) {
            JsonNode v = frame.path("metrics").get("vmaf");
            if (v == null || !v.isNumber()) {
                throw new InvalidMediaException("a frame of the VMAF log has no vmaf score");
            }
            sum += v.asDouble();
            n++;
        }
        return sum / n;
    }

    private void fixed(Job job, String reason) {
        decide(job, LadderSettings.FIXED, reason, job.ladder());
    }

    private void decide(Job job, String ladder, String reason, List<Rendition> rungs) {
        Map<String, Encoding> encodings = new LinkedHashMap<>();
        rungs.forEach(r -> encodings.put(r.name(), r.encodingOrAbr()));
        job.probed(job.probe(), List.copyOf(rungs));
        videos.update(job.videoId(), new Video.Changes()
                .renditions(rungs.stream().map(r -> new Rung(r.name(), r.width(), r.height())).toList())
                .ladder(ladder, reason, encodings));
    }
}
