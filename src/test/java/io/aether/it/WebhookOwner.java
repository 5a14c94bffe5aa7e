package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;

import io.aether.events.Events;
import io.aether.jobs.JobEvent;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import io.aether.webhooks.DeliveryScript;
import io.aether.webhooks.WebhookStore;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * A fresh Redis database with one owner's webhooks and videos; the videos change through the store as a worker
 * changes them, so the webhook events are the ones the store makes.
 */
final class WebhookOwner implements AutoCloseable {
    final StatefulRedisConnection<String, String> redis;
    final WebhookStore hooks;
    final VideoStore videos;
    private final String owner;

    WebhookOwner(int db, String owner) {
        this.owner = owner;
        redis = Services.freshRedis(db);
        hooks = new WebhookStore(redis.sync());
        videos = new VideoStore(redis.sync(), new Events(redis.sync()), id -> "http://127.0.0.1/hls/" + id + "/master.m3u8",
                new DeliveryScript(), (event, attempts) -> { });
    }

    /** The secret of the owner's webhook, once it is set. */
    String secret() {
        return hooks.hook(owner).orElseThrow().secret().value();
    }

    /** A video of the owner that a worker starts, as Transcoding.start does. */
    String startedVideo() {
        String id = UUID.randomUUID().toString();
        videos.create(id, new Video.Upload(owner, "clip.mp4", null, 1234, null, null, false));
        assertTrue(videos.apply(id, JobEvent.START, new Video.Changes().worker("w1").startedAt(Instant.now()),
                null, 1).applied());
        return id;
    }

    @Override
    public void close() {
        redis.close();
    }
}
