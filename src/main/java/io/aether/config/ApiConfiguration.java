package io.aether.config;

import io.aether.http.SocketComponent;
import io.aether.Settings;
import io.aether.access.Access;
import io.aether.access.ApiKeys;
import io.aether.access.Limits;
import io.aether.access.TicketGate;
import io.aether.access.Tickets;
import io.aether.api.AbandonedUploads;
import io.aether.api.ApiContract;
import io.aether.api.KeysApi;
import io.aether.api.LiveTickets;
import io.aether.api.ApiErrors;
import io.aether.api.CaptionsApi;
import io.aether.api.OpenUploads;
import io.aether.api.Playback;
import io.aether.api.PlaybackUrls;
import io.aether.api.Thumbnails;
import io.aether.child.ChildProcesses;
import io.aether.api.VideoDeletion;
import io.aether.api.Uploads;
import io.aether.api.VideosApi;
import io.aether.live.LiveErrors;
import io.aether.live.LiveHub;
import io.aether.live.LiveSocket;
import io.aether.store.StreamedObjects;
import io.aether.web.HttpRouters;
import io.aether.web.UploadGate;
import io.aether.web.WebPage;
import io.aether.webhooks.AddressPolicy;
import io.aether.webhooks.Backoff;
import io.aether.webhooks.WebhookDelivery;
import io.aether.webhooks.WebhookStore;
import io.aether.webhooks.WebhooksApi;
import io.aether.api.DownloadFiles;
import io.aether.api.DownloadsApi;
import io.minio.MinioClient;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The beans of routes/api/: multipart uploads, records, playback, keys, webhooks, live progress, the
 * page and the HTTP edge. The tus routes' beans are {@link TusConfiguration}'s.
 */
public final class ApiConfiguration implements CamelConfiguration {
    private static final int THUMBNAIL_RUNS = 2;
    private static final int THUMBNAIL_STDOUT = 64 * 1024;
    private static final int THUMBNAIL_STDERR = 4 * 1024;
    private final CommonConfiguration common;
    private final TusConfiguration tus;
    private final Once<WebhookSettings> webhooks = new Once<>();
    private final Once<AccessSettings> accessSettings = new Once<>();
    private final Once<VideosApi> videosApi = new Once<>();
    private final Once<LiveHub> liveHub = new Once<>();
    private final Once<PlaybackUrls> playbackUrls = new Once<>();
    private final Once<ApiKeys> apiKeys = new Once<>();
    private final Once<Tickets> tickets = new Once<>();
    private final Once<Limits> limits = new Once<>();
    private final Once<WebhookDelivery> webhookDelivery = new Once<>();

    public ApiConfiguration(CommonConfiguration common, TusConfiguration tus) {
        this.common = common;
        this.tus = tus;
    }

    @BindToRegistry("uploads")
    public Uploads uploads() {
        return new Uploads(settings(), common.videos(), playbackUrls(),
                new StreamedObjects(common.minioAsync(), common.parts(), common.partBuffers(),
                common.uploads().partsInFlight()), common.uploads().idleTimeoutMs());
    }

    @BindToRegistry("videosApi")
    public VideosApi videosApi() {
        return videosApi.get(() -> new VideosApi(settings(), common.videos(), playbackUrls(),
                new VideoDeletion(common.videos(), common.videoObjects(), tus.tusUploads(), tus.queue(),
                        new WebhookStore(common.redis().sync()), common.events())));
    }

    @BindToRegistry("captionsApi")
    public CaptionsApi captionsApi() {
        return new CaptionsApi(common.videos(), common.captions(), common.subtitledMasters(), playbackUrls());
    }

    @BindToRegistry("playback")
    public Playback playback() {
        return new Playback(playbackUrls(), common.videos(), requestMinio(), settings().processedBucket());
    }

    @BindToRegistry("downloadsApi")
    public DownloadsApi downloadsApi() {
        return new DownloadsApi(common.videos(), common.downloads());
    }

    @BindToRegistry("downloadFiles")
    public DownloadFiles downloadFiles() {
        return new DownloadFiles(playbackUrls(), common.videos());
    }

    /** Thumbnails on the playback routes: a small ffmpeg run on one stored segment, two at a time. */
    @BindToRegistry("thumbnails")
    public Thumbnails thumbnails() {
        return new Thumbnails(common.videos(), requestMinio(), settings().processedBucket(),
                new ChildProcesses(THUMBNAIL_STDOUT, THUMBNAIL_STDERR), settings().ffmpeg(), THUMBNAIL_RUNS);
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
        return new AbandonedUploads(new OpenUploads(common.minioAsync()), settings().rawBucket(),
                common.uploads().multipartMaxAgeMs(),
                tus.tusStore()::holds);
    }

    /** Live progress: WebSockets on the API port, fed by the Redis event channels. */
    @BindToRegistry("live")
    public LiveSocket live() {
        LiveHub hub = liveHub.get(() -> new LiveHub(common.redisClient(),
                common.videos()::find, videosApi()::view,
                id -> playbackUrls().playlistUrl(id, false), common.timer("aether-live")));
        common.liveClients(hub::watching);
        return new LiveSocket(hub);
    }

    @BindToRegistry("liveErrors")
    public LiveErrors liveErrors() {
        return new LiveErrors();
    }

    /** The first step of every keyed route (routes/api/errors.yaml, keys and admin). */
    @BindToRegistry("access")
    public Access access() {
        return new Access(apiKeys(), accessSettings().adminKey());
    }

    @BindToRegistry("apiContract")
    public ApiContract apiContract() {
        return new ApiContract();
    }

    @BindToRegistry("keysApi")
    public KeysApi keysApi() {
        return new KeysApi(apiKeys());
    }

    /** Upload limits per key, second step of the keyed routes. */
    @BindToRegistry("limits")
    public Limits limits() {
        return limits.get(() -> new Limits(common.redis().sync(), common.reader().limits(),
                common.timer("aether-limits")));
    }

    /** Tickets for the live WebSocket, for a video or a tus upload of the caller's. */
    @BindToRegistry("liveTickets")
    public LiveTickets liveTickets() {
        return new LiveTickets(tickets(), (id, owner) -> common.videos().findOwned(id, owner).isPresent()
                || tus.tusStore().find(id).filter(upload -> upload.ownedBy(owner)).isPresent(), settings().publicUrl());
    }

    private ApiKeys apiKeys() {
        return apiKeys.get(() -> new ApiKeys(common.redis().sync()));
    }

    private Tickets tickets() {
        return tickets.get(() -> Tickets.shared(accessSettings().ticketSecret(), common.redis().sync(),
                accessSettings().ticketTtlSeconds()));
    }

    @BindToRegistry("webhooksApi")
    public WebhooksApi webhooksApi() {
        return new WebhooksApi(new WebhookStore(common.redis().sync()), webhookPolicy(),
                webhooks().rotationWindowMs());
    }

    /** Every API replica delivers webhooks; the records in them read as the API shows them. */
    @BindToRegistry("webhookDelivery")
    public WebhookDelivery webhookDelivery() {
        return webhookDelivery.get(() -> new WebhookDelivery(new WebhookStore(common.redis().sync()), webhookPolicy(),
                new Backoff(webhooks().retryDelayMs(), webhooks().maxRetryDelayMs(), webhooks().retryForMs()),
                videosApi()::view, webhooks().timeoutMs(), common.pool("webhook-lookup", WebhookDelivery.BATCH)));
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        playbackUrls(); // refuses to start without a playback secret, before any route is up
        context.addComponent("websocket", new SocketComponent());
        UploadGate uploadGate = new UploadGate(settings().maxUploadBodies());
        TicketGate ticketGate = new TicketGate(tickets(), common.redis().async());
        context.addStartupListener(HttpRouters.onceUp(router -> HttpEdge.mount(router, uploadGate, ticketGate)));
        context.addStartupListener(HttpRouters.onceUp(WebPage::mount));
        context.addService(new OnStop(() -> {
            liveHub.ifMade(LiveHub::close);
            limits.ifMade(Limits::close);
            webhookDelivery.ifMade(WebhookDelivery::close);
        }));
    }

    private Settings settings() {
        return common.settings();
    }

    private WebhookSettings webhooks() {
        return webhooks.get(() -> common.reader().webhooks());
    }

    private AccessSettings accessSettings() {
        return accessSettings.get(() -> common.reader().access());
    }

    private AddressPolicy webhookPolicy() {
        return AddressPolicy.parse(webhooks().allowNetworks());
    }

    /** Signed playlist URLs; without a secret the API does not start, except in dev mode. */
    private PlaybackUrls playbackUrls() {
        return playbackUrls.get(() -> PlaybackUrls.create(settings(), accessSettings().playbackSecret(),
                accessSettings().dev()));
    }
}
