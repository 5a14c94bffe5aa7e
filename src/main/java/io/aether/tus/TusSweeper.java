package io.aether.tus;

import java.util.List;
import java.util.Optional;

import io.aether.tus.TusUpload.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs on a timer in every API replica: expires abandoned uploads (aborting their multipart uploads
 * so the object store drops the parts) and finds finished uploads a dead replica left half-done.
 * Each upload is handled under its lock, so replicas sweeping at once never do the same one twice.
 */
public final class TusSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(TusSweeper.class);
    private static final int BATCH = 100;

    private final TusSettings settings;
    private final TusStore store;
    private final TusLocks locks;
    private final TusObjects objects;

    public TusSweeper(TusSettings settings, TusStore store, TusLocks locks, TusObjects objects) {
        this.settings = settings;
        this.store = store;
        this.locks = locks;
        this.objects = objects;
    }

    /** Cleans up uploads past their expiry; returns how many. */
    public int expire() {
        long now = System.currentTimeMillis();
        int expired = 0;
        for (String id : store.dueForExpiry(now, BATCH)) {
            Optional<String> token = locks.acquire(id);
            if (token.isEmpty()) {
                continue; // in use, so not abandoned
            }
            try {
                Optional<TusUpload> upload = store.find(id);
                if (upload.isEmpty() || upload.get().phase() != Phase.UPLOADING) {
                    store.unindex(id);
                } else if (upload.get().expired(now)) {
                    objects.abort(upload.get().objectKey(), upload.get().s3UploadId());
                    store.retire(id, token.get(), Phase.UPLOADING, Phase.EXPIRED, settings.keepMs());
                    LOG.info("tus upload {} expired at offset {} of {}; its parts were aborted", id,
                            upload.get().offset(), upload.get().length());
                    expired++;
                }
            } catch (Exception e) {
                LOG.warn("Could not expire tus upload {}: {}", id, e.toString());
            } finally {
                locks.release(id, token.get());
            }
        }
        return expired;
    }

    /** Finished uploads nobody has moved on for two lock leases: their replica is gone. */
    public List<String> stalled() {
        return store.finishingSince(System.currentTimeMillis() - 2 * settings.lockMs(), BATCH);
    }
}
