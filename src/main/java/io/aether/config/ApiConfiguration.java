package io.aether.config;

import java.util.HashSet;
import java.util.Set;

import io.aether.Settings;
import io.aether.api.AbandonedUploads;
import io.aether.api.ApiErrors;
import io.aether.api.OpenUploads;
import io.aether.api.Playback;
import io.aether.api.Uploads;
import io.aether.api.VideosApi;
import io.aether.live.LiveErrors;
import io.aether.live.LiveHub;
import io.aether.live.LiveSocket;
import io.aether.queue.StreamQueue;
import io.aether.store.S3Parts;
import io.aether.store.StreamedObjects;
import io.aether.tus.TusApi;
import io.aether.tus.TusLocks;
import io.aether.tus.TusObjects;
import io.aether.tus.TusSettings;
import io.aether.tus.TusStore;
import io.aether.tus.TusSweeper;
import io.aether.tus.TusUploads;
import io.aether.web.ConnectionRules;
import io.aether.web.HttpRouters;
import io.aether.web.SharedPortWebsocketComponent;
import io.aether.web.UploadGate;
import io.aether.web.WebPage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.CorsHandler;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/** The beans of routes/api/: multipart uploads, records, playback, tus, live progress, the page and the HTTP edge. */
public final class ApiConfiguration implements CamelConfiguration {
    private final CommonConfiguration common;
    @PropertyInject("aether.queue")
    private String queue;
    @PropertyInject("aether.upload.part-size")
    private long uploadPartSize;
    @PropertyInject("aether.upload.parts-in-flight")
    private int uploadPartsInFlight;
    @PropertyInject("aether.upload.idle-timeout-ms")
    private long uploadIdleTimeoutMs;
    @PropertyInject("aether.multipart.max-age-ms")
    private long multipartMaxAgeMs;

    private final Once<MinioAsyncClient> minioAsync = new Once<>();
    private final Once<S3Parts> parts = new Once<>();
    private final Once<StatefulRedisConnection<String, String>> tusText = new Once<>();
    private final Once<StatefulRedisConnection<String, byte[]>> tusBytes = new Once<>();
    private final Once<TusSettings> tusSettings = new Once<>();
    private final Once<TusStore> tusStore = new Once<>();
    private final Once<TusLocks> tusLocks = new Once<>();
    private final Once<TusObjects> tusObjects = new Once<>();
    private final Once<VideosApi> videosApi = new Once<>();
    private final Once<LiveHub> liveHub = new Once<>();

    public ApiConfiguration(CommonConfiguration common) {
        this.common = common;
    }

    @BindToRegistry("uploads")
    public Uploads uploads() {
        return new Uploads(settings(), common.videos(),
                new StreamedObjects(minioAsync(), parts(), uploadPartSize, uploadPartsInFlight), uploadIdleTimeoutMs);
    }

    @BindToRegistry("videosApi")
    public VideosApi videosApi() {
        return videosApi.get(() -> new VideosApi(settings(), common.videos()));
    }

    @BindToRegistry("playback")
    public Playback playback() {
        return new Playback();
    }

    /** The playback route's client: a read that stalls gives up soon, with 503. */
    @BindToRegistry("requestMinio")
    public MinioClient requestMinio() {
        return common.requestMinio().sync();
    }

    @BindToRegistry("apiErrors")
    public ApiErrors apiErrors() {
        return new ApiErrors();
    }

    /** The raw bucket's multipart sweep leaves alone what an unfinished tus upload holds. */
    @BindToRegistry("abandonedUploads")
    public AbandonedUploads abandonedUploads() {
        return new AbandonedUploads(new OpenUploads(minioAsync()), settings().rawBucket(), multipartMaxAgeMs,
                tusStore()::holds);
    }

    @BindToRegistry("tus")
    public TusApi tus() {
        // a worker removes a job from the queue only when done with it: recovery looks there
        StreamQueue jobs = new StreamQueue(tusText().sync(), queue);
        return new TusApi(tusSettings(), new TusUploads(tusSettings(), tusStore(), tusLocks(), tusObjects(),
                common.videos(), common.events(), jobs));
    }

    @BindToRegistry("tusSweeper")
    public TusSweeper tusSweeper() {
        return new TusSweeper(tusSettings(), tusStore(), tusLocks(), tusObjects());
    }

    /** Live progress: WebSockets on the API port, fed by the Redis event channels. */
    @BindToRegistry("live")
    public LiveSocket live() {
        LiveHub hub = liveHub.get(() -> new LiveHub(common.redisClient(),
                id -> common.videos().find(id).map(videosApi()::view)));
        common.liveClients(hub::watching);
        return new LiveSocket(hub);
    }

    @BindToRegistry("liveErrors")
    public LiveErrors liveErrors() {
        return new LiveErrors();
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        context.addComponent("vertx-websocket", new SharedPortWebsocketComponent());
        UploadGate uploadGate = new UploadGate(settings().maxUploadBodies());
        context.addStartupListener(HttpRouters.onceUp(router -> edge(router, uploadGate)));
        context.addStartupListener(HttpRouters.onceUp(WebPage::mount));
        context.addService(new OnStop(() -> {
            liveHub.ifMade(LiveHub::close);
            tusLocks.ifMade(TusLocks::close);
            tusText.ifMade(StatefulRedisConnection::close);
            tusBytes.ifMade(StatefulRedisConnection::close);
        }));
    }

    private Settings settings() {
        return common.settings();
    }

    /** The multipart uploads' steps but their parts: create, complete, abort, list. */
    private MinioAsyncClient minioAsync() {
        return minioAsync.get(() -> Clients.asyncTransfers(settings(), common.timeouts()));
    }

    /** The parts of both upload paths, the multipart POST's and tus's. */
    private S3Parts parts() {
        return parts.get(() -> Clients.parts(settings(), common.timeouts()));
    }

    private TusSettings tusSettings() {
        return tusSettings.get(() -> TusSettings.from(common.getCamelContext(), settings()));
    }

    /** Own connections: a 5 MiB tail write must not queue the rest of the API's Redis traffic behind it. */
    private StatefulRedisConnection<String, String> tusText() {
        return tusText.get(() -> common.redisClient().connect());
    }

    private StatefulRedisConnection<String, byte[]> tusBytes() {
        return tusBytes.get(() -> common.redisClient().connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)));
    }

    private TusStore tusStore() {
        return tusStore.get(() -> new TusStore(tusText().sync(), tusBytes().sync()));
    }

    private TusLocks tusLocks() {
        return tusLocks.get(() -> new TusLocks(tusText().sync(), tusSettings().lockMs()));
    }

    private TusObjects tusObjects() {
        return tusObjects.get(() -> new TusObjects(minioAsync(), parts(), settings().rawBucket()));
    }

    /**
     * What runs before the routes: the connection rules, then CORS (browsers play HLS and upload from
     * other origins), then the upload gate, whose refusals so carry the CORS headers a browser needs.
     */
    private static void edge(Router router, UploadGate uploadGate) {
        router.route().order(-2).handler(ConnectionRules::handle);
        router.route().order(-1).handler(CorsHandler.create()
                .addRelativeOrigin(".*")
                .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PATCH,
                        HttpMethod.DELETE, HttpMethod.OPTIONS))
                .allowedHeaders(union(Set.of("Content-Type", "Range", "Authorization"), TusApi.ALLOWED_HEADERS))
                .exposedHeaders(union(Set.of("Location", "Content-Length", "Retry-After"), TusApi.EXPOSED_HEADERS)))
                .handler(uploadGate::handle);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
