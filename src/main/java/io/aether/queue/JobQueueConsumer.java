package io.aether.queue;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.aether.jobs.TranscodeJob;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Takes jobs one at a time per thread: first any entry whose worker went silent past the
 * lease, else a new one. While a job runs its lease is renewed; the entry is acknowledged
 * only when the exchange ends without an unhandled exception, so a crash or an unexpected
 * error leaves it pending for another worker. Each thread is a consumer of its own in the
 * group, so every job it holds has its own lease. Jobs run side by side; one that needs the
 * machine to itself asks for it through its {@link Slot} ({@link SlotGate}).
 */
final class JobQueueConsumer extends DefaultConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(JobQueueConsumer.class);
    private static final long BLOCK_MS = 1000;
    private static final long MIN_PRUNE_IDLE_MS = 5000;

    private final AtomicInteger active = new AtomicInteger();
    private final SlotGate gate = new SlotGate();
    private ExecutorService pollers;
    private ScheduledExecutorService renewals;
    private volatile boolean running;

    JobQueueConsumer(JobQueueEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public JobQueueEndpoint getEndpoint() {
        return (JobQueueEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        running = true;
        int threads = Math.max(1, getEndpoint().getConcurrentConsumers());
        var executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        pollers = executors.newFixedThreadPool(this, "jobqueue-" + getEndpoint().queueName(), threads);
        renewals = executors.newSingleThreadScheduledExecutor(this, "jobqueue-lease");
        String process = ManagementFactory.getRuntimeMXBean().getName();
        for (int i = 0; i < threads; i++) {
            StatefulRedisConnection<String, String> connection = getEndpoint().getComponent().redis().connect();
            // XREADGROUP waits BLOCK_MS for a job by design: only a wait beyond that means Redis is gone
            connection.setTimeout(connection.getTimeout().plusMillis(BLOCK_MS));
            StreamQueue queue = new StreamQueue(connection.sync(), getEndpoint().queueName());
            queue.ensureGroup();
            String name = process + "-" + UUID.randomUUID().toString().substring(0, 8);
            active.incrementAndGet();
            pollers.submit(() -> {
                try {
                    poll(queue, name);
                } finally {
                    connection.close();
                    if (active.decrementAndGet() == 0) {
                        renewals.shutdownNow();
                    }
                }
            });
        }
    }

    /**
     * Stops taking jobs and returns at once: a job under way keeps its connection and its lease
     * until it ends (Camel's shutdown waits for it), then its poller closes both.
     */
    @Override
    protected void doStop() throws Exception {
        running = false;
        if (pollers != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdown(pollers);
        }
        super.doStop();
    }

    private void poll(StreamQueue queue, String consumer) {
        long leaseMs = getEndpoint().getComponent().leaseMs();
        long pruneIdleMs = Math.max(2 * leaseMs, MIN_PRUNE_IDLE_MS);
        long nextPrune = 0;
        while (running && isRunAllowed()) {
            try {
                if (!gate.awaitRead(this::taking)) {
                    break;
                }
                if (System.currentTimeMillis() >= nextPrune) {
                    prune(queue, pruneIdleMs);
                    nextPrune = System.currentTimeMillis() + pruneIdleMs;
                }
                Optional<StreamMessage<String, String>> job = queue.claimStalled(consumer, leaseMs);
                if (job.isPresent()) {
                    LOG.warn("Taking over stalled job {} {}", job.get().getId(), job.get().getBody());
                } else {
                    job = queue.next(consumer, BLOCK_MS);
                }
                if (job.isPresent() && !running) {
                    // read just as the worker began to stop: the next worker takes it at once
                    queue.handBack(consumer, job.get().getId(), leaseMs);
                } else if (job.isPresent()) {
                    // every line logged while the job runs names its video (JSON logs show it as a field)
                    try (MDC.MDCCloseable mdc = MDC.putCloseable(TranscodeJob.VIDEO_ID,
                            job.get().getBody().get(TranscodeJob.VIDEO_ID))) {
                        run(queue, consumer, job.get(), leaseMs);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (running) {
                    // Redis may blip: whatever was taken stays pending and comes back after the lease
                    LOG.warn("Job queue {} poll failed: {}", queue.stream(), e.toString());
                    sleep(BLOCK_MS);
                }
            }
        }
    }

    private boolean taking() {
        return running && isRunAllowed();
    }

    private void run(StreamQueue queue, String consumer, StreamMessage<String, String> job, long leaseMs)
            throws InterruptedException {
        long period = Math.max(100, leaseMs / 3);
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        // renewed from the read on: a job may wait at the gate, and for the machine alone
        // set before the entry is acknowledged or handed back: a renewal then finds it gone, and must not
        // report that as a takeover
        AtomicBoolean ended = new AtomicBoolean();
        ScheduledFuture<?> renewal = renewals.scheduleAtFixedRate(() -> {
            MDC.setContextMap(mdc == null ? Map.of() : mdc);
            renew(queue, consumer, job.getId(), ended);
        }, period, period, TimeUnit.MILLISECONDS);
        try {
            SlotGate.Hold hold = gate.enter(this::taking);
            if (hold == SlotGate.Hold.NONE) {
                ended.set(true);
                queue.handBack(consumer, job.getId(), leaseMs);
                return;
            }
            Slot slot = new Slot(gate, this::taking, queue::waiting, hold);
            try {
                process(queue, consumer, job, leaseMs, slot, ended);
            } finally {
                // by the hold the job ended with: shared, alone, or none when it stopped waiting
                slot.leave();
            }
        } finally {
            renewal.cancel(false);
        }
    }

    private void process(StreamQueue queue, String consumer, StreamMessage<String, String> job, long leaseMs,
                         Slot slot, AtomicBoolean ended) {
        Exchange exchange = createExchange(true);
        exchange.setProperty(JobQueueEndpoint.SLOT, slot);
        exchange.getMessage().setBody(job.getBody());
        exchange.getMessage().setHeaders(new java.util.HashMap<>(job.getBody()));
        exchange.getMessage().setHeader(JobQueueEndpoint.ENTRY_ID, job.getId());
        exchange.getMessage().setHeader(JobQueueEndpoint.WORKER, consumer);
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        ended.set(true);
        if (exchange.getProperty(JobQueueEndpoint.HAND_BACK, false, Boolean.class)) {
            queue.handBack(consumer, job.getId(), leaseMs);
            LOG.info("Job {} handed back to the queue", job.getId());
        } else if (exchange.getException() == null) {
            queue.ack(job.getId());
        } else {
            getExceptionHandler().handleException("Job " + job.getId() + " left pending for retry", exchange,
                    exchange.getException());
        }
        releaseExchange(exchange, false);
    }

    /** Dead workers' consumers go once their jobs are taken over; a live worker reads every second. */
    private static void prune(StreamQueue queue, long idleMs) {
        try {
            long removed = queue.pruneConsumers(idleMs);
            if (removed > 0) {
                LOG.info("Removed {} consumers of workers that are gone from {}", removed, queue.stream());
            }
        } catch (Exception e) {
            LOG.debug("Could not prune consumers of {}: {}", queue.stream(), e.toString());
        }
    }

    private void renew(StreamQueue queue, String consumer, String entryId,
                       AtomicBoolean ended) {
        if (ended.get()) {
            return;
        }
        try {
            if (!queue.renew(consumer, entryId) && !ended.get()) {
                LOG.warn("Lost the lease on job {}: another worker has taken it over", entryId);
            }
        } catch (Exception e) {
            LOG.warn("Could not renew the lease on job {}: {}", entryId, e.toString());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
