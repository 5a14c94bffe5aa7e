package io.aether.ops;

import io.aether.child.ChildResult;
import java.util.function.ToDoubleFunction;

import io.aether.jobs.TranscodeJob;
import io.aether.queue.JobQueueEndpoint;
import org.apache.camel.Exchange;
import io.aether.child.ChildResult;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job wait and transcode times, read from the worker route's own steps (routes/worker/transcode.yaml)
 * as Camel reports them, so the worker's code carries no timing calls: a job is taken when the
 * take-job route sends it to {@code direct:transcode}, and ffmpeg runs inside the send to
 * {@code child:ffmpeg}.
 */
final class JobTimings extends EventNotifierSupport {
    private static final Logger LOG = LoggerFactory.getLogger(JobTimings.class);
    static final String TAKE = "direct://transcode";
    static final String FFMPEG = "child://ffmpeg";
    private static final String WAIT_RECORDED = "AetherWaitRecorded";

    private final ToDoubleFunction<String> mediaSeconds;

    /** @param mediaSeconds the duration of a video's source, by video id (0 when unknown) */
    JobTimings(ToDoubleFunction<String> mediaSeconds) {
        this.mediaSeconds = mediaSeconds;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSendingEvent || event instanceof ExchangeSentEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        try {
            if (event instanceof ExchangeSendingEvent sending
                    && TAKE.equals(sending.getEndpoint().getEndpointBaseUri())) {
                taken(sending.getExchange());
            } else if (event instanceof ExchangeSentEvent sent
                    && FFMPEG.equals(sent.getEndpoint().getEndpointBaseUri())) {
                ffmpegEnded(sent.getExchange(), sent.getTimeTaken());
            }
        } catch (RuntimeException e) {
            // a meter must never fail a job
            LOG.debug("Could not record a job timing: {}", e.toString());
        }
    }

    /** The wait ends at the first try of this delivery; redeliveries of the same job are not new waits. */
    private static void taken(Exchange exchange) {
        if (exchange.getProperty(WAIT_RECORDED, false, Boolean.class)) {
            return;
        }
        exchange.setProperty(WAIT_RECORDED, true);
        long queuedAt = queuedAtMillis(exchange.getMessage().getHeader(JobQueueEndpoint.ENTRY_ID, String.class));
        if (queuedAt > 0) {
            Metrics.waited(System.currentTimeMillis() - queuedAt);
        }
    }

    private void ffmpegEnded(Exchange exchange, long millis) {
        ChildResult result = exchange.getMessage().getBody(ChildResult.class);
        if (exchange.getException() != null || result == null || result.exitValue() != 0) {
            return;
        }
        String id = exchange.getMessage().getHeader(TranscodeJob.VIDEO_ID, String.class);
        Metrics.transcoded(millis * 1_000_000L, id == null ? 0 : mediaSeconds.applyAsDouble(id));
    }

    /** A stream entry's id starts with the milliseconds at which Redis added it. */
    static long queuedAtMillis(String entryId) {
        if (entryId == null) {
            return -1;
        }
        int dash = entryId.indexOf('-');
        try {
            return Long.parseLong(dash < 0 ? entryId : entryId.substring(0, dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
