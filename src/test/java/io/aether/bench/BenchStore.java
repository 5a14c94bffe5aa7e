package io.aether.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.aether.tus.TusFixtures;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;

/** What the upload bench stored: each upload is checked, and removed as the bench ends (1 GiB objects add up). */
final class BenchStore {
    private final MinioClient minio;
    private final String redisUrl;
    private final List<String> ids = new ArrayList<>();

    BenchStore(MinioClient minio, String redisUrl) {
        this.minio = minio;
        this.redisUrl = redisUrl;
    }

    /** The stored object has the file's size; it is removed right away, its record and job at the end. */
    synchronized void check(String videoId, Path file) throws Exception {
        ids.add(videoId);
        String key = videoId + "/source";
        long stored = minio.statObject(StatObjectArgs.builder().bucket("raw").object(key).build()).size();
        if (stored != Files.size(file)) {
            throw new IllegalStateException("raw/" + key + " has " + stored + " bytes, not " + Files.size(file));
        }
        removeDirect(key);
    }

    void removeDirect(String key) throws Exception {
        minio.removeObject(RemoveObjectArgs.builder().bucket("raw").object(key).build());
    }

    /** Not flushed: the bench removes exactly what it stored. */
    void cleanUp() {
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            for (String id : ids) {
                redis.del("aether:video:" + id, "aether:tus:" + id);
                redis.zrem("aether:videos", id);
            }
            redis.xrange(TusFixtures.QUEUE, Range.unbounded()).stream()
                    .filter(m -> ids.contains(m.getBody().get("videoId")))
                    .forEach(m -> redis.xdel(TusFixtures.QUEUE, m.getId()));
        } finally {
            client.shutdown();
        }
    }
}
