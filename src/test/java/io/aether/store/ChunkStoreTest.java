package io.aether.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.aether.events.Events;
import io.aether.it.Services;
import io.aether.media.ChunkPlan;
import io.aether.media.Playlists.Segment;
import io.aether.media.Rendition;
import io.aether.media.RungQuality;
import io.aether.webhooks.DeliveryScript;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A chunk's two records in the real Redis: its segments, then its quality. Only both make it done, so the
 * attempt after a worker that died in between encodes and measures it again; a deleted video gets neither.
 */
class ChunkStoreTest {
    private static final RedisClient CLIENT = RedisClient.create(Services.env("AETHER_REDIS_URL"));
    private static final Rendition RUNG = new Rendition("480p", 854, 480, 1400, 1498, 2100, 96);

    private final String id = "chunk-store-test-" + UUID.randomUUID();
    private final StatefulRedisConnection<String, String> connection = CLIENT.connect();
    private final RedisCommands<String, String> redis = connection.sync();
    private final VideoStore videos = new VideoStore(redis, new Events(redis), video -> "", new DeliveryScript(),
            (event, attempts) -> { });
    private final ChunkStore chunks = new ChunkStore(redis);

    @AfterEach
    void remove() {
        videos.purge(id);
        redis.del(ChunkStore.key(id));
        connection.close();
    }

    @Test
    void aChunkWhoseQualityIsNotRecordedIsStoredButNotDone() {
        videos.create(id, new Video.Upload(null, "clip.mp4", null, 0, id + "/source", null, false));
        chunks.savePlan(id, new ChunkStore.Plan(ChunkPlan.plan(25, 30, 10, 1, 20), List.of(RUNG), false, "und", null));
        ChunkStore.Done segments = new ChunkStore.Done("w", Map.of("480p", List.of(new Segment("480p_00000.ts", 2, 9))),
                Map.of("480p", "avc1.64001e"), null);
        chunks.saveChunk(id, 0, segments);
        assertFalse(chunks.chunkDone(id, 0), "its worker died before the measure run ended");
        ChunkStore.Done stored = chunks.state(id).orElseThrow().done().get(0);
        assertEquals(segments.segments(), stored.segments(), "the stitch can publish it");
        assertNull(stored.quality());

        chunks.saveChunk(id, 0, segments.measured(Map.of("480p", RungQuality.failed(29, "measurement turned off"))));
        assertTrue(chunks.chunkDone(id, 0));
        assertEquals("measurement turned off", chunks.state(id).orElseThrow().done().get(0).quality().get("480p")
                .view().get("vmafUnavailable"));
        assertFalse(chunks.chunkDone(id, 1));
    }

    @Test
    void aDeletedVideosChunkIsNotRecorded() {
        videos.create(id, new Video.Upload(null, "clip.mp4", null, 0, id + "/source", null, false));
        chunks.savePlan(id, new ChunkStore.Plan(ChunkPlan.plan(25, 30, 10, 1, 20), List.of(RUNG), false, "und", null));
        chunks.saveChunk(id, 0, new ChunkStore.Done("w", Map.of(), Map.of(), null));
        videos.purge(id);
        redis.del(ChunkStore.key(id));
        chunks.saveChunk(id, 0, new ChunkStore.Done("w", Map.of(), Map.of(), Map.of()));
        assertFalse(chunks.chunkDone(id, 0), "its measure run ended after the delete: nothing brought back");
        assertEquals(0, redis.exists(ChunkStore.key(id)));
    }
}
