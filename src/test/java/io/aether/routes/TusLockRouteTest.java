package io.aether.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.aether.access.ApiKeys;
import io.aether.it.Services;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/api/tus.yaml in-process with the API's real configuration: the per-upload lock is given
 * back by the tus-lock onCompletion whatever the request or the sweep's recovery ended with. A lock
 * left held would be renewed for ever and refuse the upload with 423. HTTP is replaced by direct.
 */
class TusLockRouteTest extends RouteTestBase {
    private static final RedisClient CLIENT = RedisClient.create(Services.env("AETHER_REDIS_URL"));
    private final String id = UUID.randomUUID().toString();
    private final StatefulRedisConnection<String, String> connection = CLIENT.connect();
    private final RedisCommands<String, String> redis = connection.sync();
    /** The keyed tus routes want a key: the tests owner's, made in the same Redis. */
    private final String key = new ApiKeys(redis).create("tests", "route test").get("key");

    TusLockRouteTest() {
        super("api", "classpath:routes/api/tus.yaml,classpath:routes/api/errors.yaml");
    }

    @BeforeEach
    void advise() throws Exception {
        // no HTTP server in-process: every entry route is fed by direct, PATCH by direct:upload
        for (String entry : new String[] {"files-post", "files-options", "upload-head", "upload-delete",
            "upload-options", "upload-post"}) {
            AdviceWith.adviceWith(context, entry, route -> route.replaceFromWith("direct:" + entry));
        }
        AdviceWith.adviceWith(context, "upload-patch", route -> route.replaceFromWith("direct:upload"));
        context.start();
    }

    @AfterEach
    void removeUpload() {
        context.stop();
        redis.del("aether:tus:" + id, lock());
        redis.zrem("aether:tus:finishing", id);
        connection.close();
    }

    @Test
    void aPatchRefusedUnderTheLockGivesItBack() {
        upload("uploading");
        Map<String, Object> headers = new HashMap<>();
        headers.put(Exchange.HTTP_METHOD, "PATCH");
        headers.put("id", id);
        headers.put("Tus-Resumable", "1.0.0");
        headers.put("Authorization", "Bearer " + key);
        headers.put(Exchange.CONTENT_TYPE, "application/offset+octet-stream");
        headers.put("Upload-Offset", "7");
        Exchange refused = template.request("direct:upload", exchange -> exchange.getMessage().setHeaders(headers));
        assertEquals(409, refused.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE), "the offset is checked under the lock");
        assertEquals(0, redis.exists(lock()), "the lock was given back");
    }

    @Test
    void aRecoveryWithNothingToDoGivesTheLockBack() {
        upload("uploading");
        template.sendBody("direct:tus-recover", id);
        assertEquals(0, redis.exists(lock()), "the lock was given back");
        assertNull(redis.zscore("aether:tus:finishing", id), "an upload still taking bytes is no longer listed");
    }

    @Test
    void aRecoveryThatFailsGivesTheLockBackForTheNextSweep() {
        // every byte committed, yet no parts and no finished object: completing it fails
        upload("finishing");
        template.sendBody("direct:tus-recover", id);
        assertEquals("finishing", redis.hget("aether:tus:" + id, "state"), "left for the next sweep");
        assertEquals(0, redis.exists(lock()), "the lock was given back");
    }

    private void upload(String state) {
        Map<String, String> fields = new HashMap<>();
        fields.put("id", id);
        fields.put("state", state);
        fields.put("length", "100");
        fields.put("offset", "finishing".equals(state) ? "100" : "0");
        fields.put("partsBytes", "0");
        fields.put("partSize", Long.toString(5L * 1024 * 1024));
        fields.put("uploadId", "no-such-multipart-upload");
        fields.put("key", id + "/source");
        fields.put("owner", "tests");
        fields.put("expires", Long.toString(System.currentTimeMillis() + 60_000));
        redis.hset("aether:tus:" + id, fields);
        redis.zadd("aether:tus:finishing", 0, id);
    }

    private String lock() {
        return "aether:tus:" + id + ":lock";
    }
}
