package io.aether.worker.job;

import io.aether.child.ChildProcesses;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's orderly stop (SIGTERM on a deploy, a scale-down or an eviction). Camel stops taking
 * jobs and waits for the running ones; a job still running after the grace period has its ffmpeg
 * ended and goes back to the queue, unacknowledged and without counting the attempt, for another
 * worker to do.
 */
public final class WorkerStop extends EventNotifierSupport {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerStop.class);

    private final ChildProcesses children;
    private final long graceMs;
    private volatile boolean stopping;

    public WorkerStop(ChildProcesses children, long graceMs) {
        this.children = children;
        this.graceMs = graceMs;
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        stopping = true;
        LOG.info("Stopping: running jobs get {} ms to finish, then go back to the queue", graceMs);
        Thread ender = new Thread(() -> {
            try {
                Thread.sleep(graceMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            children.endAll();
        }, "worker-stop");
        ender.setDaemon(true);
        ender.start();
    }

    /** Whether this worker is stopping: a job that fails now goes back to the queue instead of failing. */
    public boolean stopping() {
        return stopping;
    }
}
