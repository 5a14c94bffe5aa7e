package io.aether.ops;

import java.time.Duration;

import io.aether.jobs.JobEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * The application's own meters, recorded where things happen through these static calls so that a
 * hook elsewhere is one line. Until {@link Operations#install} adds the Prometheus registry the
 * meters count into nothing, so plain unit tests need no setup. Names are Micrometer's; Prometheus
 * shows {@code aether.job.retries} as {@code aether_job_retries_total} (see docs/operations.md, Metrics).
 */
public final class Metrics {
    static final CompositeMeterRegistry REGISTRY = new CompositeMeterRegistry();

    private static final Counter COMPLETED = Counter.builder("aether.jobs.completed")
            .description("Jobs that ended completed").register(REGISTRY);
    private static final Counter FAILED = Counter.builder("aether.jobs.failed")
            .description("Jobs that failed for good: a permanent failure or every attempt used").register(REGISTRY);
    private static final Counter RETRIES = Counter.builder("aether.job.retries")
            .description("Failed attempts that will be tried again").register(REGISTRY);
    private static final Counter HANDED_BACK = Counter.builder("aether.jobs.handed.back")
            .description("Jobs a stopping worker gave back to the queue, uncounted").register(REGISTRY);
    private static final Counter STARTED = Counter.builder("aether.job.attempts")
            .description("Attempts started").register(REGISTRY);

    private static final Timer WAIT = Timer.builder("aether.job.wait")
            .description("From queueing a job to a worker taking it")
            .serviceLevelObjectives(seconds(1), seconds(5), seconds(15), seconds(30), seconds(60), seconds(120),
                    seconds(300), seconds(600), seconds(1800), seconds(3600))
            .register(REGISTRY);
    private static final Timer TRANSCODE = Timer.builder("aether.transcode")
            .description("One ffmpeg run that produced the whole ladder")
            .serviceLevelObjectives(seconds(5), seconds(15), seconds(30), seconds(60), seconds(120), seconds(300),
                    seconds(600), seconds(1200), seconds(3600), seconds(7200))
            .register(REGISTRY);
    private static final DistributionSummary SPEED = DistributionSummary.builder("aether.transcode.speed")
            .description("Seconds of media transcoded per second of ffmpeg (1 = real time)")
            .serviceLevelObjectives(0.25, 0.5, 1, 2, 4, 8, 16, 32)
            .register(REGISTRY);
    private static final Counter MEDIA = Counter.builder("aether.transcoded.media").baseUnit("seconds")
            .description("Seconds of media transcoded").register(REGISTRY);

    private static final String VMAF = "aether.rendition.vmaf";

    private Metrics() {
    }

    /** The registry other meters of this package register with. */
    static MeterRegistry registry() {
        return REGISTRY;
    }

    /**
     * A job's state change that landed (VideoStore's listener, wired by the configuration).
     *
     * @param attempts what the change added to the attempt count: a retry that gives its attempt
     *     back (-1) is a stopping worker handing the job back, not a retry
     */
    public static void jobChanged(JobEvent event, int attempts) {
        switch (event) {
            case START -> STARTED.increment();
            case SUCCEED -> COMPLETED.increment();
            case FAIL -> FAILED.increment();
            case RETRY -> (attempts < 0 ? HANDED_BACK : RETRIES).increment();
            default -> {
            }
        }
    }

    static void waited(long millis) {
        WAIT.record(Duration.ofMillis(Math.max(0, millis)));
    }

    /** A successful ffmpeg run of {@code nanos} over {@code mediaSeconds} of media (0 when unknown). */
    static void transcoded(long nanos, double mediaSeconds) {
        TRANSCODE.record(Duration.ofNanos(nanos));
        if (mediaSeconds > 0 && nanos > 0) {
            MEDIA.increment(mediaSeconds);
            SPEED.record(mediaSeconds / (nanos / 1e9));
        }
    }

    /** A rendition's pooled VMAF mean (docs/quality.md), per rung: which rungs come out how well. */
    public static void measured(String rung, double vmafMean) {
        DistributionSummary.builder(VMAF).description("Pooled VMAF mean of a rendition, against its source")
                .tag("rung", rung)
                .serviceLevelObjectives(50, 60, 70, 80, 85, 90, 93, 95, 97, 100)
                .register(REGISTRY).record(vmafMean);
    }

    private static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
