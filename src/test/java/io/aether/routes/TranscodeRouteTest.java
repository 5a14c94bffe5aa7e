package io.aether.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aether.jobs.JobState;
import io.aether.store.Video;
import org.apache.camel.Processor;
import org.junit.jupiter.api.Test;

/** A job's failures and a lost lease through routes/worker/transcode.yaml (TranscodeRouteBase). */
class TranscodeRouteTest extends TranscodeRouteBase {
    @Test
    void aPermanentFailureFailsOnceAndAcknowledgesTheJob() throws Exception {
        edges(result(1, "", "moov atom not found"), answer(result(0, "", "")));
        runJob();
        Video record = videos.find(id).orElseThrow();
        assertEquals(JobState.FAILED, record.status(), record.toString());
        assertEquals(1, record.attempts(), record.toString());
        assertTrue(record.error().startsWith("the upload is not a readable video"), record.toString());
        assertEquals(1, probes.size(), "ffprobe ran once");
        assertEquals(0, encodes.size(), "ffmpeg never ran");
        assertAcknowledged();
    }

    @Test
    void aTransientFailureIsRedeliveredWithGrowingDelaysUpToTheLimit() throws Exception {
        edges(result(0, PROBE, ""), answer(result(1, "", "Conversion failed!")));
        runJob();
        Video record = videos.find(id).orElseThrow();
        assertEquals(JobState.FAILED, record.status(), record.toString());
        assertEquals(3, record.attempts(), record.toString());
        assertTrue(record.error().startsWith("ffmpeg exited with 1"), record.toString());
        assertEquals(3, encodes.size(), "one attempt and two redeliveries");
        long first = encodes.get(1) - encodes.get(0);
        long second = encodes.get(2) - encodes.get(1);
        assertTrue(first >= RETRY_DELAY_MS, "first delay " + first + " ms");
        // a constant delay would fail this bound; comparing the two delays instead fails on a loaded machine,
        // where the first can take longer than planned
        assertTrue(second >= 2 * RETRY_DELAY_MS, "second delay " + second + " ms, doubled");
        assertAcknowledged();
    }

    @Test
    void aLostLeaseLeavesTheJobUnacknowledged() throws Exception {
        Processor takenOverWhileEncoding = exchange -> {
            writeOutput(exchange);
            // another worker claimed the job meanwhile: the record names it now
            videos.update(id, new Video.Changes().worker("another-worker"));
            exchange.getMessage().setBody(result(0, "", "").apply(exchange));
        };
        edges(result(0, PROBE, ""), takenOverWhileEncoding);
        runJob();
        Video record = videos.find(id).orElseThrow();
        assertEquals(JobState.ACTIVE, record.status(), "not completed by this worker: " + record);
        assertEquals("another-worker", record.worker(), record.toString());
        assertEquals(1, queue.pending(), "the entry stays pending for the worker that took it over");
        assertEquals(1, redis.xlen(queue.stream()));
    }
}
