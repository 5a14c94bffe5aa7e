package io.aether.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.aether.jobs.TranscodeJob;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a job is, read from the Exchange its steps share, and how it ends its side work. */
class JobTest {
    @TempDir
    Path root;

    private final Exchange exchange = new DefaultExchange(new DefaultCamelContext());

    @Test
    void aPartIsNamedByItsKindAndIndex() {
        exchange.getMessage().setHeader(TranscodeJob.VIDEO_ID, "v1");
        assertFalse(Job.of(exchange).isPart());
        exchange.getMessage().setHeader(Job.PART, "chunk");
        exchange.getMessage().setHeader(Job.CHUNK, "3");
        Job job = Job.of(exchange);
        assertTrue(job.isPart());
        assertTrue(job.isChunk());
        assertEquals("chunk-3", job.partName());
        exchange.getMessage().setHeader(Job.PART, "audio");
        assertFalse(job.isChunk());
        assertEquals("audio", job.partName());
        assertEquals("v1", job.videoId());
    }

    @Test
    void cleanupEndsTheWatchesAndRemovesTheWorkDirOnce() throws Exception {
        Job job = Job.of(exchange);
        Path dir = new WorkDirs(root).create("v1");
        job.dir(dir);
        AtomicInteger watchClosed = new AtomicInteger();
        AtomicInteger watcherClosed = new AtomicInteger();
        job.watchDeletion(watchClosed::incrementAndGet);
        job.watch(watcherClosed::incrementAndGet);

        job.cleanup();
        job.cleanup();

        assertFalse(Files.exists(dir));
        assertNull(job.dir());
        assertEquals(1, watchClosed.get());
        assertEquals(1, watcherClosed.get());
    }

    @Test
    void anAttemptNoLongerCountedIsNotTakenOffAgain() {
        Job job = Job.of(exchange);
        assertFalse(job.attemptCounted());
        job.attemptCounted(true);
        assertTrue(job.attemptCounted());
        job.attemptCounted(false);
        assertFalse(job.attemptCounted());
    }
}
