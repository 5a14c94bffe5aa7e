package io.aether.config;

import java.util.function.IntSupplier;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.aether.Settings;
import io.aether.events.Events;
import io.aether.health.BackingServicesCheck;
import io.aether.queue.JobQueueComponent;
import io.aether.store.PartBuffers;
import io.aether.store.S3Parts;
import io.aether.store.S3Store;
import io.aether.store.CaptionsStore;
import io.aether.store.SubtitledMasters;
import io.aether.store.VideoObjects;
import io.aether.store.Downloads;
import io.aether.store.VideoStore;
import io.aether.webhooks.DeliveryScript;
import io.aether.web.ConnectionBounds;
import io.aether.web.HttpRouters;
import io.aether.web.InfoPage;
import io.aether.web.ManagementPaths;
import io.aether.web.PublicPortEngine;
import io.aether.web.RouterErrors;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.aether.ops.Metrics;
import io.aether.ops.Operations;
import io.aether.web.StrictFraming;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.vertx.core.VertxOptions;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.health.HealthCheckRegistry;

/**
 * What every role uses: the Redis and MinIO clients, the video store and its events, the job queue,
 * health and info. {@link ApiConfiguration} and {@link WorkerConfiguration} build on it.
 */
public final class CommonConfiguration implements CamelConfiguration, CamelContextAware {
    /** Every route runs on the Vert.x worker pool, and each upload holds one of its threads while it streams. */
    private static final int WORKER_THREADS = 128;

    private CamelContext context;
    private final Once<SettingsReader> reader = new Once<>();
    private final Once<Settings> settings = new Once<>();
    private final Once<UploadSettings> uploads = new Once<>();
    private final Once<Timeouts> timeouts = new Once<>();
    private final Once<RedisClient> redisClient = new Once<>();
    /** WebSocket clients of this replica, for the meters; an API replica's live hub answers it. */
    private volatile IntSupplier liveClients = () -> 0;
    private final Once<StatefulRedisConnection<String, String>> redis = new Once<>();
    private final Once<MinioClient> minio = new Once<>();
    private final Once<Clients.RequestClients> requestMinio = new Once<>();
    private final Once<Events> events = new Once<>();
    private final Once<VideoStore> videos = new Once<>();
    private final Once<Downloads> downloads = new Once<>();
    private final Once<VideoObjects> videoObjects = new Once<>();
    private final Once<SubtitledMasters> subtitledMasters = new Once<>();
    private final Once<MinioAsyncClient> minioAsync = new Once<>();
    private final Once<S3Parts> parts = new Once<>();
    private final Once<PartBuffers> partBuffers = new Once<>();
    private final Once<S3Store> store = new Once<>();

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    void liveClients(IntSupplier clients) {
        this.liveClients = clients;
    }

    /** Every configuration reads its settings through this one. */
    SettingsReader reader() {
        return reader.get(() -> new SettingsReader(context));
    }

    @BindToRegistry("settings")
    public Settings settings() {
        return settings.get(() -> reader().settings());
    }

    Timeouts timeouts() {
        return timeouts.get(() -> reader().timeouts());
    }

    UploadSettings uploads() {
        return uploads.get(() -> reader().uploads());
    }

    /** Bounded: no command waits longer than aether.redis.timeout-ms. */
    RedisClient redisClient() {
        return redisClient.get(() -> Clients.redis(settings(), timeouts(), reader().sentinelPassword()));
    }

    /** The connection the video store and events share. */
    StatefulRedisConnection<String, String> redis() {
        return redis.get(() -> redisClient().connect());
    }

    /** The object store's address, region, credentials and addressing, the same for every client. */
    S3Store store() {
        return store.get(() -> Clients.store(settings(), timeouts()));
    }

    /** The minio: component's client (application.properties names it): whole-object transfers. */
    @BindToRegistry("minioClient")
    public MinioClient minioClient() {
        return minio.get(() -> Clients.transfers(store(), timeouts()));
    }

    /** For calls that read a little while a client waits (playback, health): they give up soon. */
    /** The multipart uploads' steps but their parts: create, complete, abort, list (the API's uploads). */
    MinioAsyncClient minioAsync() {
        return minioAsync.get(() -> Clients.asyncTransfers(store(), timeouts()));
    }

    /** The parts of both upload paths, the multipart POST's and tus's. */
    S3Parts parts() {
        return parts.get(() -> Clients.parts(store(), timeouts()));
    }

    /** The buffers both upload paths fill, under one budget (AETHER_UPLOAD_BUFFER_BYTES, else half the heap). */
    PartBuffers partBuffers() {
        return partBuffers.get(() -> new PartBuffers(uploads().partSize(),
                PartBuffers.budget(uploads().bufferBytes(), Runtime.getRuntime().maxMemory()),
                uploads().bufferWaitMs()));
    }

    /**
     * A thread for a bean's periodic work, from Camel's executor service manager: named,
     * listed with the context's thread pools, and stopped with the context if the bean's close did not.
     */
    ScheduledExecutorService timer(String name) {
        return context.getExecutorServiceManager().newSingleThreadScheduledExecutor(name, name);
    }

    /** As {@link #timer}, {@code threads} threads for blocking work. */
    ExecutorService pool(String name, int threads) {
        return context.getExecutorServiceManager().newFixedThreadPool(name, name, threads);
    }

    Clients.RequestClients requestMinio() {
        return requestMinio.get(() -> Clients.requests(store(), timeouts()));
    }

    @BindToRegistry("events")
    public Events events() {
        return events.get(() -> new Events(redis().sync()));
    }

    @BindToRegistry("videos")
    public VideoStore videos() {
        return videos.get(() -> new VideoStore(redis().sync(), events(), settings()::playlistUrl,
                new DeliveryScript(), Metrics::jobChanged));
    }

    /** The downloads in the video records: asked for by the API, made by workers. */
    public Downloads downloads() {
        return downloads.get(() -> new Downloads(redis().sync(), new DeliveryScript()));
    }

    /** A video's objects in both buckets, which a delete removes. */
    public VideoObjects videoObjects() {
        return videoObjects.get(() -> new VideoObjects(minioClient(), settings().rawBucket(),
                settings().processedBucket()));
    }

    /** Master playlists with their captions, written by the API and the workers under one lock. */
    public SubtitledMasters subtitledMasters() {
        return subtitledMasters.get(() -> new SubtitledMasters(minioClient(), settings().processedBucket(),
                captions(), videos(), videoObjects()));
    }

    public CaptionsStore captions() {
        return new CaptionsStore(redis().sync(), videos());
    }

    /** platform-http's Vert.x: uploads hold worker threads for as long as their clients take. */
    @BindToRegistry("vertxOptions")
    public VertxOptions vertxOptions() {
        return new VertxOptions().setWorkerPoolSize(WORKER_THREADS)
                .setMaxWorkerExecuteTime(24).setMaxWorkerExecuteTimeUnit(TimeUnit.HOURS);
    }

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        HttpSettings http = reader().http();
        // 400 and close for Transfer-Encoding with Content-Length; bounded connections
        StrictFraming.install(camelContext, ConnectionBounds.of(http.headTimeoutMs(), http.keepaliveIdleMs(),
                http.maxConnections(), http.managementPort()));
        PublicPortEngine.bind(camelContext); // the routes join the public port, not the management one
        // probes' startup gate, Prometheus meters (docs/operations.md)
        Operations.install(camelContext, redisClient(), () -> liveClients.getAsInt(), reader().camelCli());
        camelContext.addComponent("jobqueue", new JobQueueComponent(redisClient(), settings().leaseMs()));
        HealthCheckRegistry.get(camelContext).register(new BackingServicesCheck(redis().async(),
                requestMinio().async(), timeouts().healthMs(), settings().rawBucket(), settings().processedBucket()));
        camelContext.addStartupListener(HttpRouters.managementUp(router -> InfoPage.mount(camelContext, router)));
        camelContext.addStartupListener(HttpRouters.onceUp(ManagementPaths::refuse));
        // problem details, not Vert.x's HTML or empty bodies, when no route answers (404, 405...)
        camelContext.addStartupListener(HttpRouters.onceUp(RouterErrors::mount));
        camelContext.addStartupListener(HttpRouters.managementUp(RouterErrors::mount));
        camelContext.addService(new OnStop(() -> {
            redis().close();
            redisClient().shutdown();
            parts.ifMade(S3Parts::close);
        }));
    }
}
