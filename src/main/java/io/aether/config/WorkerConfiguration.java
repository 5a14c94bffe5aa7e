package io.aether.config;

import io.aether.Settings;
import io.aether.worker.ChildProcesses;
import io.aether.worker.Outcomes;
import io.aether.worker.Transcoding;
import io.aether.worker.WorkDirs;
import io.aether.worker.WorkerStop;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;

/** The beans of routes/worker/: the transcode steps, how a job ends, ffmpeg's processes and the worker's stop. */
public final class WorkerConfiguration implements CamelConfiguration {
    private static final int CHILD_STDOUT_LIMIT = 4 * 1024 * 1024;
    private static final int CHILD_STDERR_TAIL = 16 * 1024;

    private final CommonConfiguration common;
    private final Once<ChildProcesses> children = new Once<>();
    private final Once<WorkerStop> stop = new Once<>();
    private final Once<WorkDirs> workDirs = new Once<>();
    private final Once<Outcomes> outcomes = new Once<>();

    public WorkerConfiguration(CommonConfiguration common) {
        this.common = common;
    }

    /** ffprobe and ffmpeg: no stdin, bounded output, ended with the worker. */
    @BindToRegistry("childProcesses")
    public ChildProcesses childProcesses() {
        return children.get(() -> new ChildProcesses(CHILD_STDOUT_LIMIT, CHILD_STDERR_TAIL));
    }

    @BindToRegistry("outcomes")
    public Outcomes outcomes() {
        return outcomes.get(() -> new Outcomes(common.videos(), stop()));
    }

    @BindToRegistry("transcoding")
    public Transcoding transcoding() {
        return new Transcoding(settings(), common.videos(), workDirs(), stop(), outcomes());
    }

    @BindToRegistry("transcodingRetry")
    public Processor transcodingRetry() {
        return outcomes()::retrying;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        context.getManagementStrategy().addEventNotifier(stop());
        // Camel counts redeliveries, the record counts attempts: the first attempt is no redelivery
        context.getPropertiesComponent().addOverrideProperty("aether.redeliveries",
                Integer.toString(Math.max(0, settings().maxAttempts() - 1)));
        // temp files of workers on this host that are gone
        workDirs().sweep();
    }

    private Settings settings() {
        return common.settings();
    }

    private WorkerStop stop() {
        return stop.get(() -> new WorkerStop(childProcesses(), settings().stopGraceMs()));
    }

    private WorkDirs workDirs() {
        return workDirs.get(() -> new WorkDirs(settings().workDir()));
    }
}
