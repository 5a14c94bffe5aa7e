package io.aether.api;

import java.io.IOException;
import java.time.Instant;
import java.util.function.BiPredicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aborts multipart uploads in the raw bucket that nobody will finish, such as the one of an API
 * replica killed during {@code POST /api/v1/upload}; MinIO would keep their parts.
 *
 * <p>An upload is abandoned when it began more than {@code maxAgeMs} ago and no unfinished tus
 * upload holds it: tus uploads are multipart uploads too, live as long as clients keep sending,
 * and are expired by the tus sweep. The age must exceed the longest direct upload.
 */
public final class AbandonedUploads {
    private static final Logger LOG = LoggerFactory.getLogger(AbandonedUploads.class);
    private static final int BATCH = 10_000;

    private final OpenUploads uploads;
    private final String bucket;
    private final long maxAgeMs;
    private final BiPredicate<String, String> heldByTus;

    /** @param heldByTus whether an unfinished tus upload holds (object key, upload id) */
    public AbandonedUploads(OpenUploads uploads, String bucket, long maxAgeMs, BiPredicate<String, String> heldByTus) {
        this.uploads = uploads;
        this.bucket = bucket;
        this.maxAgeMs = maxAgeMs;
        this.heldByTus = heldByTus;
    }

    /** Aborts what is abandoned now; returns how many. */
    public int sweep() throws IOException {
        Instant startedBefore = Instant.now().minusMillis(maxAgeMs);
        int aborted = 0;
        for (OpenUploads.Upload upload : uploads.list(bucket, BATCH)) {
            if (!upload.initiated().isBefore(startedBefore) || heldByTus.test(upload.key(), upload.uploadId())) {
                continue;
            }
            uploads.abort(bucket, upload);
            LOG.info("Aborted the abandoned multipart upload of {} begun at {}", upload.key(), upload.initiated());
            aborted++;
        }
        return aborted;
    }
}
