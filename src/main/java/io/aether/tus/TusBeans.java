package io.aether.tus;

import java.util.Set;

import io.aether.Settings;
import io.aether.events.Events;
import io.aether.queue.StreamQueue;
import io.aether.store.VideoStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.minio.MinioAsyncClient;
import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;

/** Binds the beans of routes/api/tus.yaml: tus (the request steps) and tusSweeper. */
public final class TusBeans {
    /** Request headers a browser may send to /files/ (CORS). */
    public static final Set<String> ALLOWED_HEADERS = Set.of("Tus-Resumable", "Upload-Length", "Upload-Offset",
            "Upload-Metadata", "Upload-Checksum", "Upload-Defer-Length", "Upload-Concat", "X-HTTP-Method-Override",
            "X-Requested-With");
    /** Response headers browser code may read (CORS). */
    public static final Set<String> EXPOSED_HEADERS = Set.of("Tus-Resumable", "Tus-Version", "Tus-Extension",
            "Tus-Max-Size", "Tus-Checksum-Algorithm", "Upload-Offset", "Upload-Length", "Upload-Metadata",
            "Upload-Expires", "Location");

    private TusBeans() {
    }

    public static void bind(CamelContext context, Settings settings, RedisClient redisClient, MinioAsyncClient minio,
            VideoStore videos, Events events) {
        TusSettings tus = TusSettings.from(context, settings);
        // own connections: a 5 MiB tail write must not queue the rest of the API's Redis traffic behind it
        StatefulRedisConnection<String, String> text = redisClient.connect();
        StatefulRedisConnection<String, byte[]> bytes = redisClient.connect(
                RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        TusStore store = new TusStore(text.sync(), bytes.sync());
        TusLocks locks = new TusLocks(text.sync(), tus.lockMs());
        TusObjects objects = new TusObjects(minio, tus.rawBucket());
        // a worker removes a job from the queue only when done with it: recovery looks there
        StreamQueue queue = new StreamQueue(text.sync(), "transcode");
        context.getRegistry().bind("tus", new TusApi(tus, store, locks, objects, videos, events, queue));
        context.getRegistry().bind("tusSweeper", new TusSweeper(tus, store, locks, objects));
        // the raw bucket's multipart sweep leaves alone what an unfinished tus upload holds
        context.getRegistry().bind("tusStore", store);
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                locks.close();
                text.close();
                bytes.close();
            }
        });
    }
}
