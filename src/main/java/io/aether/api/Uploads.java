package io.aether.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.aether.Keys;
import io.aether.Settings;
import io.aether.errors.InvalidRequest;
import io.aether.media.LadderChoice;
import io.aether.errors.TooLarge;
import io.aether.http.FileNames;
import io.aether.http.LimitedInputStream;
import io.aether.http.MultipartForm;
import io.aether.http.Replies;
import io.aether.http.RequestInputStream;
import io.aether.jobs.TranscodeJob;
import io.aether.store.StreamedObjects;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** The steps of the multipart upload route: open the stream, record the video, answer, or forget a refused one. */
public final class Uploads {
    private static final String FILENAME = "AetherFilename";
    private static final String FILE_TYPE = "AetherFileType";
    private static final String FORM = "AetherForm";
    private static final String COUNTER = "AetherUploadCounter";
    private static final String PUBLIC = "AetherPublic";
    private static final String FIELD = "video";
    private static final long MULTIPART_OVERHEAD = 64L * 1024;

    private static final String PUT = "AetherRawPut";

    private static final String LADDER = "ladder";
    private final Settings settings;
    private final VideoStore videos;
    private final PlaybackUrls urls;
    private final StreamedObjects raw;
    private final long idleTimeoutMs;

    /**
     * @param raw streams the 'video' part into the raw bucket while it arrives
     * @param idleTimeoutMs a client that sends nothing for this long is cut off
     */
    public Uploads(Settings settings, VideoStore videos, PlaybackUrls urls, StreamedObjects raw, long idleTimeoutMs) {
        this.settings = settings;
        this.videos = videos;
        this.urls = urls;
        this.raw = raw;
        this.idleTimeoutMs = idleTimeoutMs;
    }

    /** What {@link #store} puts into the raw bucket. */
    private record RawPut(String contentType, Map<String, String> metadata, InputStream body) {
    }

    /** Checks the request and opens the 'video' part of the form for {@link #store}. */
    public void open(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        HttpServerRequest request = Replies.request(exchange);
        if (request == null) {
            throw new IllegalStateException("the upload route must not buffer the request body");
        }
        exchange.setProperty(PUBLIC, isPublic(in.getHeader("public", String.class)));
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        MultipartForm.boundary(contentType);
        Long length = in.getHeader(Exchange.CONTENT_LENGTH, Long.class);
        if (length != null && length > settings.maxUploadBytes() + MULTIPART_OVERHEAD) {
            throw new TooLarge("upload exceeds the maximum size of " + settings.maxUploadBytes() + " bytes");
        }
        MultipartForm form = new MultipartForm(
                new RequestInputStream(request, idleTimeoutMs, settings.uploadRate()), contentType).keep(LADDER);
        MultipartForm.Part part = form.next(FIELD)
                .orElseThrow(() -> new InvalidRequest("the form has no file field named 'video'"));
        // a bad option before the file is refused before anything is stored
        ladder(form);
        String id = UUID.randomUUID().toString();
        String key = id + "/source";
        String filename = FileNames.clean(part.filename());
        LimitedInputStream body = new LimitedInputStream(part.body(), settings.maxUploadBytes());
        exchange.setProperty(Keys.VIDEO_ID, id);
        exchange.setProperty(Keys.RAW_KEY, key);
        exchange.setProperty(FILENAME, filename);
        exchange.setProperty(FILE_TYPE, part.contentType());
        exchange.setProperty(FORM, form);
        exchange.setProperty(COUNTER, body);
        exchange.setProperty(PUT, new RawPut(part.contentType(),
                Map.of("filename", URLEncoder.encode(filename, StandardCharsets.UTF_8)), body));
    }

    /** Streams the 'video' part into the raw bucket; a put that fails leaves nothing there. */
    public void store(Exchange exchange) throws IOException {
        RawPut put = exchange.getProperty(PUT, RawPut.class);
        exchange.removeProperty(PUT);
        raw.put(settings.rawBucket(), exchange.getProperty(Keys.RAW_KEY, String.class), put.contentType(),
                put.metadata(), put.body());
    }

    /** After the object is stored: reads the rest of the form, records the video and makes the job body. */
    public void stored(Exchange exchange) throws IOException {
        MultipartForm form = exchange.getProperty(FORM, MultipartForm.class);
        form.finish(FIELD);
        String id = exchange.getProperty(Keys.VIDEO_ID, String.class);
        long size = exchange.getProperty(COUNTER, LimitedInputStream.class).count();
        if (size == 0) {
            throw new InvalidRequest("the 'video' field is empty");
        }
        videos.create(id, new Video.Upload(VideosApi.owner(exchange), exchange.getProperty(FILENAME, String.class),
                exchange.getProperty(FILE_TYPE, String.class), size, exchange.getProperty(Keys.RAW_KEY, String.class),
                "multipart", exchange.getProperty(PUBLIC, Boolean.class), ladder(form)));
        exchange.getMessage().setBody(TranscodeJob.of(id));
    }

    public void accepted(Exchange exchange) {
        String id = exchange.getProperty(Keys.VIDEO_ID, String.class);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("status", "waiting");
        body.put("statusUrl", settings.statusUrl(id));
        body.put("playlistUrl", urls.playlistUrl(id, exchange.getProperty(PUBLIC, Boolean.class)));
        // not playable yet: like the record's, null until it is
        body.put("thumbnailUrl", null);
        body.put("storyboardUrl", null);
        Replies.json(exchange, 202, body);
        exchange.getMessage().setHeader("Location", settings.statusUrl(id));
    }

    /** {@code ?public=true} on the upload makes the video public (playable without a token). */
    static boolean isPublic(String value) {
        if (value == null || value.isEmpty() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new InvalidRequest("public must be true or false");
    }

    /** The form field {@code ladder}: per-title or fixed, none for the deployment's default (docs/ladder.md). */
    static String ladder(MultipartForm form) {
        try {
            return LadderChoice.asked(form.value(LADDER).orElse(null));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("the form field 'ladder' must be per-title or fixed");
        }
    }

    /** Forgets the record of a refused upload, once its source is gone. */
    public void forget(Exchange exchange) {
        videos.purge(exchange.getProperty(Keys.VIDEO_ID, String.class));
    }
}
