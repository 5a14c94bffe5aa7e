package io.aether;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.aether.api.AbandonedUploads;
import io.aether.api.ApiErrors;
import io.aether.api.OpenUploads;
import io.aether.api.Playback;
import io.aether.api.Uploads;
import io.aether.api.VideosApi;
import io.aether.events.Events;
import io.aether.health.BackingServicesCheck;
import io.aether.live.LiveErrors;
import io.aether.live.LiveHub;
import io.aether.live.LiveSocket;
import io.aether.live.SharedPortWebsocketComponent;
import io.aether.ops.Operations;
import io.aether.queue.JobQueueComponent;
import io.aether.store.VideoStore;
import io.aether.tus.TusBeans;
import io.aether.tus.TusStore;
import io.aether.web.ConnectionRules;
import io.aether.web.HttpRouters;
import io.aether.web.InfoPage;
import io.aether.web.UploadGate;
import io.aether.web.WebPage;
import io.aether.worker.ChildProcesses;
import io.aether.worker.Outcomes;
import io.aether.worker.Transcoding;
import io.aether.worker.WorkDirs;
import io.aether.worker.WorkerStop;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.CorsHandler;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheckRegistry;

/** Creates the shared clients and the beans the YAML routes call by name. */
public final class AetherBeans implements CamelConfiguration {
    private static final int UPLOAD_THREADS = 128;
    private static final int CHILD_STDOUT_LIMIT = 4 * 1024 * 1024;
    private static final int CHILD_STDERR_TAIL = 16 * 1024;

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.from(context);
        Timeouts timeouts = Timeouts.from(context);
        RedisClient redisClient = Clients.redis(settings, timeouts);
        StatefulRedisConnection<String, String> redis = redisClient.connect();
        MinioClient minio = Clients.transfers(settings, timeouts);
        Clients.RequestClients requestMinio = Clients.requests(settings, timeouts);
        Events events = new Events(redis.sync());
        VideoStore videos = new VideoStore(redis.sync(), events, settings::playlistUrl);

        context.getRegistry().bind("settings", settings);
        // every upload holds a Vert.x worker thread while it streams, for as long as the client takes;
        // UploadGate keeps uploads to a part of the pool so that the other routes always find a thread
        context.getRegistry().bind("vertxOptions", new VertxOptions()
                .setWorkerPoolSize(UPLOAD_THREADS)
                .setMaxWorkerExecuteTime(24).setMaxWorkerExecuteTimeUnit(TimeUnit.HOURS));
        context.getRegistry().bind("minioClient", minio);
        context.getRegistry().bind("events", events);
        context.getRegistry().bind("videos", videos);
        context.getRegistry().bind("uploads", new Uploads(settings, videos, minio));
        // tus resumable uploads: parts go straight to the raw bucket through the async client's multipart steps
        MinioAsyncClient minioAsync = Clients.asyncTransfers(settings, timeouts);
        context.getRegistry().bind("minioAsyncClient", minioAsync);
        TusBeans.bind(context, settings, redisClient, minioAsync, videos, events);
        VideosApi videosApi = new VideosApi(settings, videos);
        context.getRegistry().bind("videosApi", videosApi);
        context.getRegistry().bind("playback", new Playback(settings, requestMinio.sync()));
        TusStore tusStore = context.getRegistry().lookupByNameAndType("tusStore", TusStore.class);
        context.getRegistry().bind("abandonedUploads", new AbandonedUploads(new OpenUploads(minioAsync),
                settings.rawBucket(), multipartMaxAgeMs(context), tusStore::holds));
        context.getRegistry().bind("apiErrors", new ApiErrors());
        // ffprobe and ffmpeg: no stdin, bounded output, ended with the worker
        ChildProcesses children = new ChildProcesses(CHILD_STDOUT_LIMIT, CHILD_STDERR_TAIL);
        context.getRegistry().bind("childProcesses", children);
        WorkerStop stop = new WorkerStop(children, settings.stopGraceMs());
        context.getManagementStrategy().addEventNotifier(stop);
        WorkDirs workDirs = new WorkDirs(settings.workDir());
        if (!"api".equals(settings.role())) {
            workDirs.sweep();
        }
        Outcomes outcomes = new Outcomes(videos, stop);
        Transcoding transcoding = new Transcoding(settings, videos, workDirs, stop, outcomes);
        context.getRegistry().bind("transcoding", transcoding);
        context.getRegistry().bind("outcomes", outcomes);
        context.getRegistry().bind("transcodingRetry", (Processor) outcomes::retrying);
        // Camel counts redeliveries, the record counts attempts: the first attempt is no redelivery
        context.getPropertiesComponent().addOverrideProperty("aether.redeliveries",
                Integer.toString(Math.max(0, settings.maxAttempts() - 1)));
        context.addComponent("jobqueue", new JobQueueComponent(redisClient, settings.leaseMs()));
        UploadGate uploadGate = new UploadGate(settings.maxUploadBodies());
        context.addStartupListener(HttpRouters.onceUp(router -> edge(router, uploadGate)));
        HealthCheckRegistry.get(context).register(new BackingServicesCheck(redis.async(), requestMinio.async(),
                timeouts.healthMs(), settings.rawBucket(), settings.processedBucket()));
        context.addStartupListener(HttpRouters.onceUp(router -> InfoPage.mount(context, router)));
        // live progress: WebSockets on the API port, fed by the Redis event channels; the page at /
        LiveHub live = new LiveHub(redisClient, id -> videos.find(id).map(videosApi::view));
        // probes' startup gate, Prometheus meters (README: Operations)
        Operations.install(context, redisClient, live::watching);
        context.getRegistry().bind("live", new LiveSocket(live));
        context.getRegistry().bind("liveErrors", new LiveErrors());
        context.addComponent("vertx-websocket", new SharedPortWebsocketComponent());
        if (!"worker".equals(settings.role())) {
            context.addStartupListener(HttpRouters.onceUp(WebPage::mount));
        }
        context.addLifecycleStrategy(new org.apache.camel.support.LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                live.close();
                redis.close();
                redisClient.shutdown();
            }
        });
    }

    private static long multipartMaxAgeMs(CamelContext context) {
        return Long.parseLong(context.getPropertiesComponent().resolveProperty("aether.multipart.max-age-ms")
                .orElseThrow().trim());
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
                .allowedHeaders(union(Set.of("Content-Type", "Range", "Authorization"), TusBeans.ALLOWED_HEADERS))
                .exposedHeaders(union(Set.of("Location", "Content-Length", "Retry-After"), TusBeans.EXPOSED_HEADERS)))
                .handler(uploadGate::handle);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
