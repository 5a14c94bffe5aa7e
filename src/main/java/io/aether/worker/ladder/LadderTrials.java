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

import io.aether.child.ChildOutput;
import io.aether.child.ChildResult;
import io.aether.media.ChunkPlan;
import io.aether.media.Encoding;
import io.aether.media.InvalidMediaException;
import io.aether.media.PerTitleLadder;
import io.aether.media.Rendition;
import io.aether.media.SampleDensity;
import io.aether.media.TrialCommand;
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
    /** The trials so far, the run being made and what they still need (TrialPlan). */
    private static final String PLAN = "AetherTrialPlan";
    /** Why a run's trials could not be read, if they could not. */
    private static final String UNREADABLE = "AetherTrialsUnreadable";
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
        List<Rendition> rungs = candidates(job.ladder());
        TrialPlan plan = plan(rungs);
        List<String> urls = new ArrayList<>();
        job.command(TrialCommand.first(settings.qualityFfmpeg(), () -> {
            urls.add(source.apply(job.rawKey()));
            return urls.get(urls.size() - 1);
        }, dir, job.probe(), rungs, settings.sampling(), plan.first()));
        exchange.setProperty(PLAN, plan);
        exchange.setProperty(NEXT, true);
        exchange.setProperty(URLS, urls);
        exchange.setProperty(TRIALS, true);
        exchange.setProperty(STARTED, System.nanoTime());
    }

    /** The trials to make for these candidate rungs, each with its target and cap. */
    TrialPlan plan(List<Rendition> rungs) {
        List<PerTitleLadder.Candidate> targets = new ArrayList<>();
        for (int i = 0; i < rungs.size(); i++) {
            targets.add(new PerTitleLadder.Candidate(rungs.get(i), settings.target(i), List.of()));
        }
        return new TrialPlan(settings.sampling().crfs(), targets, chooser, LadderSettings.MIN_CRF, settings.maxCrf(),
                LadderSettings.TRIAL_BIAS);
    }

    /**
     * After each trial run: its trials read into the plan, and the next run, of the rungs whose choice
     * the trials so far do not settle (TrialPlan); the loop ends when none is left or a run failed
     * (its result stays the body for {@link #analysed}).
     */
    public void ran(Exchange exchange) throws Exception {
        Job job = Job.of(exchange);
        ChildResult result = exchange.getMessage().getMandatoryBody(ChildResult.class);
        TrialPlan plan = exchange.getProperty(PLAN, TrialPlan.class);
        Path dir = job.dir().resolve("trials");
        Map<Integer, Double> next = Map.of();
        if (result.exitValue() == 0) {
            try {
                int fps = ChunkPlan.outputFps(job.probe().frameRate());
                for (Map.Entry<Integer, Double> trial : plan.asked().entrySet()) {
                    plan.add(trial.getKey(), trial.getValue(), TrialLogs.point(dir, fps, trial.getKey(), trial.getValue()));
                }
                next = plan.next();
            } catch (IOException | InvalidMediaException e) {
                exchange.setProperty(UNREADABLE, e.getMessage());
            }
        }
        if (!next.isEmpty()) {
            job.command(TrialCommand.next(settings.qualityFfmpeg(), dir, job.probe(), plan.renditions(),
                    settings.sampling(), next));
            return;
        }
        exchange.setProperty(NEXT, false);
        // the raw samples (60 MB at 1080p) are read by the trial runs only
        Files.deleteIfExists(dir.resolve(TrialCommand.SAMPLES));
    }

    /** Chooses the ladder from the trials; trials that failed fall back to the fixed ladder with why. */
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
        String unreadable = exchange.getProperty(UNREADABLE, String.class);
        if (unreadable != null) {
            LOG.warn("Video {}: trial encodes could not be measured, fixed ladder: {}", job.videoId(), unreadable);
            fixed(job, "the trial encodes could not be measured: " + unreadable);
            return;
        }
        TrialPlan plan = exchange.getProperty(PLAN, TrialPlan.class);
        List<PerTitleLadder.Candidate> candidates = plan.candidates();
        List<Rendition> ladder = chosen(candidates);
        job.sampleEvery(sampleEvery(job, plan.widestSpread(ladder)));
        // the points as well as the choice: an operator can see why a rung was capped or dropped
        LOG.info("Video {}: per-title ladder from {} trial runs in {} ms: {} (trials crf/kbps/vmaf, VMAF calibrated: {})",
                job.videoId(), plan.runs(), ms,
                ladder.stream().map(r -> r.name() + "@crf" + r.encoding().crf()).toList(), candidates.stream()
                        .map(c -> c.rung().name() + c.trials().stream().map(t -> String.format(java.util.Locale.ROOT,
                                " %.0f/%.0f/%.1f", t.crf(), t.kbps(), t.vmaf())).toList()).toList());
        decide(job, LadderSettings.PER_TITLE, null, ladder);
    }

    /**
     * One frame in every N to measure: the sparsest whose error stays within the setting's, judged by
     * how widely the trials' frames score at each kept rung's CRF (the widest of them).
     */
    private int sampleEvery(Job job, double widest) {
        long frames = Math.round(job.probe().durationSeconds() * ChunkPlan.outputFps(job.probe().frameRate()));
        int every = density.every(widest, frames);
        LOG.info("Video {}: measured one frame in every {} (the trials' frames spread {} VMAF at most, {} frames)",
                job.videoId(), every, String.format(java.util.Locale.ROOT, "%.2f", widest), frames);
        return every;
    }

    /** The rungs the trials choose, highest first, each at its capped CRF; the others are dropped. */
    List<Rendition> chosen(List<PerTitleLadder.Candidate> candidates) {
        return TrialPlan.chosen(chooser, candidates);
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
