package io.aether.it;

import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.minio.MinioClient;

/** The real Redis and MinIO that scripts/services started; their addresses come from the environment. */
public final class Services {
    /** One client per database for the whole test run; clients own threads, connections are cheap. */
    private static final Map<Integer, RedisClient> CLIENTS = new java.util.concurrent.ConcurrentHashMap<>();
    private Services() {
    }

    public static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run the tests with scripts/test,"
                    + " which starts Redis and MinIO and exports their addresses");
        }
        return value;
    }

    /** A Redis URL on its own database, so test classes never see each other's jobs. */
    public static String redisUrl(int database) {
        RedisURI uri = RedisURI.create(env("AETHER_REDIS_URL"));
        uri.setDatabase(database);
        return uri.toURI().toString();
    }

    /** Connects to the given database as it is. */
    public static StatefulRedisConnection<String, String> redis(int database) {
        return CLIENTS.computeIfAbsent(database, db -> RedisClient.create(redisUrl(db))).connect();
    }

    /** Connects to the given database after emptying it. */
    public static StatefulRedisConnection<String, String> freshRedis(int database) {
        StatefulRedisConnection<String, String> connection = CLIENTS
                .computeIfAbsent(database, db -> RedisClient.create(redisUrl(db))).connect();
        connection.sync().flushdb();
        return connection;
    }

    public static MinioClient minio() {
        return MinioClient.builder()
                .endpoint(env("AETHER_MINIO_URL"))
                .credentials(env("AETHER_MINIO_ACCESS_KEY"), env("AETHER_MINIO_SECRET_KEY"))
                .build();
    }

    /** What an Aether process needs to reach the services. */
    public static Map<String, String> appEnv(int database) {
        return Map.of(
                "AETHER_REDIS_URL", redisUrl(database),
                "AETHER_MINIO_URL", env("AETHER_MINIO_URL"),
                "AETHER_MINIO_ACCESS_KEY", env("AETHER_MINIO_ACCESS_KEY"),
                "AETHER_MINIO_SECRET_KEY", env("AETHER_MINIO_SECRET_KEY"));
    }
}
