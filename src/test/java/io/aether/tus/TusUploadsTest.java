package io.aether.tus;

import static io.aether.tus.TusFixtures.random;
import static io.aether.tus.TusFixtures.rawSha256;
import static io.aether.tus.TusFixtures.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.aether.store.PartBuffers;
import io.aether.events.Events;
import io.aether.errors.Conflict;
import io.aether.errors.NotFound;
import io.aether.http.MinimumRate;
import io.aether.it.Services;
import io.aether.queue.StreamQueue;
import io.aether.store.VideoStore;
import io.aether.webhooks.DeliveryScript;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The tus upload service on its own, without HTTP or Camel, on real Redis and MinIO. */
class TusUploadsTest {
    private static final int DB = 15;
    private static final int MIB = 1024 * 1024;
    private static final MinioClient MINIO = Services.minio();

    private final StatefulRedisConnection<String, String> text = Services.freshRedis(DB);
    private final RedisClient client = RedisClient.create(Services.redisUrl(DB));
    private final StatefulRedisConnection<String, byte[]> bytes = client.connect(
            RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    private static final MinioAsyncClient MINIO_ASYNC = MinioAsyncClient.builder()
            .endpoint(Services.env("AETHER_MINIO_URL"))
            .credentials(Services.env("AETHER_MINIO_ACCESS_KEY"), Services.env("AETHER_MINIO_SECRET_KEY")).build();
    private final RedisCommands<String, String> redis = text.sync();
    private final TusSettings settings = new TusSettings("http://test", "raw", 64L * MIB, 5L * MIB, 60_000, 5_000,
            30_000, 60_000, 10_000, 4, MinimumRate.NONE, 2);
    private final TusLocks locks = new TusLocks(redis, settings.lockMs(), java.util.concurrent.Executors.newSingleThreadScheduledExecutor());
    private final VideoStore videos = new VideoStore(redis, new Events(redis), id -> "", new DeliveryScript(),
            (event, attempts) -> { });
    private final TusUploads uploads = new TusUploads(settings, new TusStore(redis, bytes.sync()), locks,
            new TusObjects(MINIO_ASYNC, MINIO_ASYNC, TusFixtures.parts(), "raw"),
            videos, new Events(redis), new StreamQueue(redis, "transcode"), new PartBuffers(5L * MIB, 64L * MIB, 10_000));
    private final List<String> objects = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (String key : objects) {
            MINIO.removeObject(RemoveObjectArgs.builder().bucket("raw").object(key).build());
        }
        locks.close();
        bytes.close();
        client.shutdown();
        text.close();
    }

    @Test
    void twoAppendsMakeOneObjectAndOneHandOff() throws Exception {
        byte[] file = random(6 * MIB + 10, 1);
        String id = uploads.create(file.length, UploadMetadata.parse(null), "acme").id();
        objects.add(id + "/source");
        List<String> held = new ArrayList<>();
        int cut = 5 * MIB + 3;
        assertFalse(uploads.append(id, 0, (long) cut, null, body(Arrays.copyOfRange(file, 0, cut)), held::add));
        uploads.release(id, held.get(0));
        assertEquals(cut, uploads.existing(id).offset());

        assertTrue(uploads.append(id, cut, null, null, body(Arrays.copyOfRange(file, cut, file.length)), held::add),
                "the last byte makes the job due");
        assertEquals(TusUpload.Phase.HANDOFF, uploads.existing(id).phase());
        assertEquals(file.length, videos.find(id).orElseThrow().size());
        uploads.handedOff(id, held.get(1));
        uploads.release(id, held.get(1));
        assertEquals(TusUpload.Phase.COMPLETED, uploads.find(id).orElseThrow().phase());
        assertEquals(sha256(file), rawSha256(MINIO, id));
    }

    @Test
    void anAppendAtTheWrongOffsetIsRefusedUnderTheLock() throws Exception {
        String id = uploads.create(100, UploadMetadata.parse(null), "acme").id();
        List<String> held = new ArrayList<>();
        assertThrows(Conflict.class, () -> uploads.append(id, 7, null, null, body(new byte[3]), held::add));
        assertEquals(1, held.size(), "the caller was told the lock, to give it back");
        uploads.release(id, held.get(0));
        uploads.terminate(id, held::add);
        uploads.release(id, held.get(1));
    }

    @Test
    void terminationForgetsTheUpload() throws Exception {
        String id = uploads.create(100, UploadMetadata.parse(null), "acme").id();
        List<String> held = new ArrayList<>();
        uploads.terminate(id, held::add);
        uploads.release(id, held.get(0));
        assertTrue(uploads.find(id).isEmpty());
        assertThrows(NotFound.class, () -> uploads.existing(id));
    }

    private static TusUploads.Body body(byte[] data) {
        return new TusUploads.Body() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(data);
            }

            @Override
            public void read() {
            }
        };
    }
}
