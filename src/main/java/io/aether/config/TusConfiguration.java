package io.aether.config;

import io.aether.Settings;
import io.aether.queue.StreamQueue;
import io.aether.tus.TusApi;
import io.aether.tus.TusLocks;
import io.aether.tus.TusObjects;
import io.aether.tus.TusSettings;
import io.aether.tus.TusStore;
import io.aether.tus.TusSweeper;
import io.aether.tus.TusUploads;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/** The beans of the tus routes (routes/api/tus.yaml) and the tus state the rest of the API asks about. */
public final class TusConfiguration implements CamelConfiguration {
    private final CommonConfiguration common;

    private final Once<StatefulRedisConnection<String, String>> tusText = new Once<>();
    private final Once<StatefulRedisConnection<String, byte[]>> tusBytes = new Once<>();
    private final Once<TusSettings> tusSettings = new Once<>();
    private final Once<TusStore> tusStore = new Once<>();
    private final Once<TusLocks> tusLocks = new Once<>();
    private final Once<TusObjects> tusObjects = new Once<>();
    private final Once<TusUploads> tusUploads = new Once<>();

    public TusConfiguration(CommonConfiguration common) {
        this.common = common;
    }

    @BindToRegistry("tus")
    public TusApi tus() {
        return new TusApi(tusSettings(), tusUploads());
    }

    @BindToRegistry("tusSweeper")
    public TusSweeper tusSweeper() {
        return new TusSweeper(tusSettings(), tusStore(), tusLocks(), tusObjects());
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        context.addService(new OnStop(() -> {
            tusLocks.ifMade(TusLocks::close);
            tusText.ifMade(StatefulRedisConnection::close);
            tusBytes.ifMade(StatefulRedisConnection::close);
        }));
    }

    TusUploads tusUploads() {
        // a worker removes a job from the queue only when done with it: recovery looks there
        return tusUploads.get(() -> new TusUploads(tusSettings(), tusStore(), tusLocks(), tusObjects(),
                common.videos(), common.events(), queue(), common.partBuffers()));
    }

    TusStore tusStore() {
        return tusStore.get(() -> new TusStore(tusText().sync(), tusBytes().sync()));
    }

    /** The job stream, on the tus connection. */
    StreamQueue queue() {
        return new StreamQueue(tusText().sync(), common.reader().queue());
    }

    private Settings settings() {
        return common.settings();
    }

    private TusSettings tusSettings() {
        return tusSettings.get(() -> common.reader().tus(settings()));
    }

    /** Own connections: a 5 MiB tail write must not queue the rest of the API's Redis traffic behind it. */
    private StatefulRedisConnection<String, String> tusText() {
        return tusText.get(() -> common.redisClient().connect());
    }

    private StatefulRedisConnection<String, byte[]> tusBytes() {
        return tusBytes.get(() -> common.redisClient().connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)));
    }

    private TusLocks tusLocks() {
        return tusLocks.get(() -> new TusLocks(tusText().sync(), tusSettings().lockMs(),
                common.timer("tus-lock-renewal")));
    }

    private TusObjects tusObjects() {
        return tusObjects.get(() -> new TusObjects(common.minioAsync(), common.requestMinio().async(), common.parts(),
                settings().rawBucket()));
    }
}
