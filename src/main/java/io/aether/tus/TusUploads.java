package io.aether.tus;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import io.aether.store.PartBuffers;
import io.aether.events.Events;
import io.aether.errors.Conflict;
import io.aether.jobs.TranscodeJob;
import io.aether.queue.StreamQueue;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import io.aether.tus.TusUpload.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * tus uploads without HTTP: create, append, terminate, finish and recover. Each step reads the
 * upload's state from Redis and writes bytes to the object store. A step that takes the upload's
 * lock tells {@code holding} the token at once, so the caller releases it whatever happens next.
 */
public final class TusUploads {
    private static final Logger LOG = LoggerFactory.getLogger(TusUploads.class);

    private final TusSettings settings;
    private final TusStore store;
    private final TusLocks locks;
    private final TusObjects objects;
    private final VideoStore videos;
    private final StreamQueue queue;
    private final TusWrites writes;

    /** A request body: opened only once this replica has room for it, and told when it was read whole. */
    public interface Body {
        InputStream open();

        void read();
    }

    /** @param queue the transcode queue, where recovery looks for a job already enqueued */
    public TusUploads(TusSettings settings, TusStore store, TusLocks locks, TusObjects objects, VideoStore videos,
            Events events, StreamQueue queue, PartBuffers buffers) {
        this.settings = settings;
        this.store = store;
        this.locks = locks;
        this.objects = objects;
        this.videos = videos;
        this.queue = queue;
        this.writes = new TusWrites(settings, store, objects, events, buffers);
    }

    /** A new upload: its multipart upload in the raw bucket and its record in Redis. */
    public TusUpload create(long length, UploadMetadata metadata, String owner) throws IOException {
        String id = UUID.randomUUID().toString();
        String key = id + "/source";
        String s3UploadId = objects.create(key, metadata.filetype(), metadata.filename());
        TusUpload upload = new TusUpload(id, Phase.UPLOADING, length, 0, 0,
                TusRules.partSize(length, settings.partSize()), s3UploadId, key, metadata.header(),
                metadata.filename(), metadata.filetype(), System.currentTimeMillis() + settings.expiryMs(), owner);
        store.create(upload);
        LOG.info("tus upload {} created: {} bytes, {}", id, length, metadata.filetype());
        return upload;
    }

    /** The upload as the client may still use it: 404 when unknown, 410 once expired. */
    public TusUpload existing(String id) {
        TusUpload upload = store.find(id).orElseThrow(UploadNotFound::new);
        if (upload.expired(System.currentTimeMillis())) {
            throw new UploadExpired();
        }
        return upload;
    }

    /** The upload for its owner: 404 for anyone else, as for an id that does not exist. */
    public TusUpload owned(String id, String owner) {
        return store.find(id).filter(upload -> upload.ownedBy(owner))
                .orElseThrow(UploadNotFound::new);
    }

    public Optional<TusUpload> find(String id) {
        return store.find(id);
    }

    /**
     * Appends the body at {@code offset} under the upload's lock, from the first check to the end.
     * The last byte completes the object and records the video.
     *
     * @return whether the finished upload's job is still to be enqueued, then {@link #handedOff}
     */
    public boolean append(String id, long offset, Long contentLength, byte[] checksum, Body body,
            Consumer<String> holding) throws IOException {
        existing(id);
        String token = locks.acquire(id)
                .orElseThrow(() -> new UploadBusy("another request is writing to this upload; retry shortly"));
        holding.accept(token);
        TusUpload upload = existing(id); // again, now that nobody else can change it
        TusRules.requireOffset(offset, upload.offset());
        TusRules.requireFits(offset, contentLength, upload.length());
        if (upload.phase() == Phase.UPLOADING) {
            writes.write(upload, token, checksum, body);
            upload = existing(id);
        }
        return finish(upload, token);
    }

    /** Termination: aborts the multipart upload so its parts go too, and forgets the upload. */
    public void terminate(String id, Consumer<String> holding) throws IOException {
        TusUpload upload = store.find(id).orElseThrow(UploadNotFound::new);
        if (upload.phase() == Phase.EXPIRED) {
            throw new UploadExpired();
        }
        String token = locks.acquire(id)
                .orElseThrow(() -> new UploadBusy("another request is writing to this upload; retry shortly"));
        holding.accept(token);
        upload = store.find(id).orElseThrow(UploadNotFound::new);
        switch (upload.phase()) {
            case UPLOADING -> objects.abort(upload.objectKey(), upload.s3UploadId());
            // the video has its own life now; only the upload record goes
            case COMPLETED -> {
            }
            case EXPIRED -> throw new UploadExpired();
            default -> throw new UploadBusy("the upload is being completed; retry shortly");
        }
        TusStore.guarded(store.terminate(id, token));
        LOG.info("tus upload {} terminated", id);
    }

    /**
     * Deleting the upload's video: an unfinished upload's parts are aborted and every trace of the
     * upload goes, whatever its phase. A request holding the upload gets {@code waitMs} to end.
     *
     * @return whether there was an upload
     */
    public boolean discard(String id, long waitMs) throws IOException, InterruptedException {
        if (store.find(id).isEmpty()) {
            return false;
        }
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        Optional<String> token;
        while ((token = locks.acquire(id)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new Conflict("a request is writing to this upload; retry the delete shortly");
            }
            Thread.sleep(100);
        }
        try {
            Optional<TusUpload> upload = store.find(id);
            if (upload.isEmpty()) {
                return false;
            }
            if (upload.get().phase() == Phase.UPLOADING || upload.get().phase() == Phase.FINISHING) {
                // a finishing upload's object may be complete already: abort then finds nothing, which is fine
                objects.abort(upload.get().objectKey(), upload.get().s3UploadId());
            }
            TusStore.guarded(store.terminate(id, token.get()));
            LOG.info("tus upload {} discarded with its video", id);
            return true;
        } finally {
            release(id, token.get());
        }
    }

    /**
     * The sweeper's recovery of an upload whose last byte arrived at a replica that then died.
     *
     * @return whether its job is still to be enqueued
     */
    public boolean recover(String id, Consumer<String> holding) throws IOException {
        Optional<String> token = locks.acquire(id);
        if (token.isEmpty()) {
            return false; // someone is on it
        }
        holding.accept(token.get());
        Optional<TusUpload> upload = store.find(id);
        if (upload.isEmpty() || !upload.get().complete()) {
            store.unindex(id);
            return false;
        }
        LOG.warn("Finishing tus upload {} left in {} by a replica that stopped", id, upload.get().phase().wire());
        return finish(upload.get(), token.get());
    }

    /** After the job was enqueued: the upload is done. */
    public void handedOff(String id, String token) {
        TusStore.guarded(store.retire(id, token, Phase.HANDOFF, Phase.COMPLETED, settings.keepMs()));
        LOG.info("tus upload {} handed off for transcoding", id);
    }

    /** Gives the lock back; a release Redis cannot take is logged by TusLocks, and the lease frees it. */
    public void release(String id, String token) {
        locks.release(id, token);
    }

    /** Completes a finished upload's object and decides, under the lock, whether its job is still to enqueue. */
    boolean finish(TusUpload upload, String token) throws IOException {
        String id = upload.id();
        switch (upload.phase()) {
            case FINISHING -> {
                objects.complete(upload.objectKey(), upload.s3UploadId(), store.parts(id), upload.length());
                if (videos.find(id).isEmpty()) {
                    videos.create(id, upload.video());
                }
                TusStore.guarded(store.advance(id, token, Phase.FINISHING, Phase.HANDOFF));
                return true;
            }
            case HANDOFF -> {
                Optional<Video> video = videos.find(id);
                Handoff.Step step = Handoff.afterCrash(queue.holds(TranscodeJob.VIDEO_ID, id), video.isPresent(),
                        video.map(v -> v.status().wire()).orElse(""), video.map(Video::attempts).orElse(0));
                if (step == Handoff.Step.ENQUEUE) {
                    return true;
                }
                handedOff(id, token);
                return false;
            }
            default -> {
                return false;
            }
        }
    }
}
