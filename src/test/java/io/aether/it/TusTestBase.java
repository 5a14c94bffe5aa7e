package io.aether.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.aether.tus.TusClient;
import io.aether.tus.TusFixtures;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.minio.MinioClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the tus protocol tests run against: API replicas on a fresh Redis database, with 5 MiB parts (the tests
 * cut their data around them, the smallest S3 allows). At the end the multipart uploads left unfinished are
 * aborted.
 */
abstract class TusTestBase {
    static final int DB = 5;
    static final int MIB = 1024 * 1024;
    static final long MAX = 64L * MIB;
    static final MinioClient MINIO = Services.minio();
    private static final List<AppProcess> APPS = new ArrayList<>();
    private static StatefulRedisConnection<String, String> connection;
    static RedisCommands<String, String> redis;
    /** The replica most tests use: uploads up to MAX bytes, a PATCH's lock lapsing after 3 s. */
    static AppProcess api;
    static TusClient tus;

    @BeforeAll
    static void startApi() throws Exception {
        connection = Services.freshRedis(DB);
        redis = connection.sync();
        api = replica(Map.of("AETHER_MAX_UPLOAD_BYTES", Long.toString(MAX), "AETHER_TUS_LOCK_MS", "3000"));
        tus = new TusClient(api.url());
    }

    /** One more replica on the database, with the given settings besides the part size. */
    static AppProcess replica(Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put("AETHER_TUS_PART_SIZE", "5242880");
        AppProcess app = AppProcess.start("api", DB, all);
        APPS.add(app);
        return app;
    }

    @AfterAll
    static void stopAll() throws Exception {
        AppProcess.closeAll(APPS.toArray(AppProcess[]::new));
        APPS.clear();
        if (connection != null) {
            TusFixtures.abortUnfinished(redis);
            connection.close();
            connection = null;
        }
    }
}
