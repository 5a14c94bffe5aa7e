package io.aether.worker.ladder;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.aether.media.ChunkPlan;
import io.aether.media.ProbeResult;
import io.aether.media.Rendition;
import io.aether.media.TrialCommand;

/** The worker's trial runs outside the worker, for the tools (TrialRun, DensityCheck): run after run as the plan asks. */
final class TrialLoop {
    /** Runs one trial command; throws if it fails. */
    interface Runner {
        void run(List<String> command) throws Exception;
    }

    private TrialLoop() {
    }

    static TrialPlan run(LadderTrials trials, String ffmpeg, Path file, Path dir, ProbeResult probe,
                         List<Rendition> rungs, TrialCommand.Sampling s, Runner runner) throws Exception {
        TrialPlan plan = trials.plan(rungs);
        Map<Integer, Double> run = plan.first();
        while (!run.isEmpty()) {
            runner.run(plan.runs() == 1 ? TrialCommand.first(ffmpeg, file::toString, dir, probe, rungs, s, run)
                    : TrialCommand.next(ffmpeg, dir, probe, rungs, s, run));
            for (Map.Entry<Integer, Double> trial : run.entrySet()) {
                plan.add(trial.getKey(), trial.getValue(), TrialLogs.point(dir, ChunkPlan.outputFps(probe.frameRate()),
                        trial.getKey(), trial.getValue()));
            }
            run = plan.next();
        }
        return plan;
    }
}
