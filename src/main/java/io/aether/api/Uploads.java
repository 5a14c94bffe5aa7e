package io.aether.api;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.aether.http.ApiException;
import io.aether.http.FileNames;
import io.aether.http.LimitedInputStream;
import io.aether.http.MultipartForm;
import io.aether.http.RequestInputStream;
import io.aether.Settings;
import io.aether.jobs.TranscodeJob;
import io.aether.store.VideoStore;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps of the multipart upload route: open the stream, record the video, answer. */
public final class Uploads {
    private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);
    static final String VIDEO_ID = "AetherVideoId";
    static final String RAW_KEY = "AetherRawKey";
    private static final String FILENAME = "AetherFilename";
    private static final String FILE_TYPE = "AetherFileType";
    private static final String FORM = "AetherForm";
    private static final String COUNTER = "AetherUploadCounter";
    /** The Vert.x request, kept aside before the body is replaced: an error answer may have to close it. */
    static final String REQUEST = "AetherUploadRequest";
    private static final String FIELD = "video";
    private static final long PART_SIZE = 16L * 1024 * 1024;
    private static final long IDLE_TIMEOUT_MS = 120_000;
    private static final long MULTIPART_OVERHEAD = 64L * 1024;

    private final Settings settings;
    private final VideoStore videos;
    private final MinioClient minio;

    public Uploads(Settings settings, VideoStore videos, MinioClient minio) {
        this.settings = settings;
        this.videos = videos;
        this.minio = minio;
    }

    /** Checks the request and makes the body a streaming put of the 'video' part into the raw bucket. */
    public void open(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        HttpServerRequest request = in.getBody(HttpServerRequest.class);
        if (request == null) {
            throw new ApiException(500, "the upload route must not buffer the request body");
        }
        exchange.setProperty(REQUEST, request);
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        MultipartForm.boundary(contentType);
        Long length = in.getHeader(Exchange.CONTENT_LENGTH, Long.class);
        if (length != null && length > settings.maxUploadBytes() + MULTIPART_OVERHEAD) {
            throw new ApiException(413, "upload exceeds the maximum size of " + settings.maxUploadBytes() + " bytes");
        }
        MultipartForm form = new MultipartForm(
                // while the object store takes one part, the next one keeps arriving
                new RequestInputStream(request, IDLE_TIMEOUT_MS, settings.uploadRate(), PART_SIZE), contentType);
        MultipartForm.Part part = form.next(FIELD)
                .orElseThrow(() -> new ApiException(400, "the form has no file field named 'video'"));
        String id = UUID.randomUUID().toString();
        String key = id + "/source";
        String filename = FileNames.clean(part.filename());
        LimitedInputStream body = new LimitedInputStream(part.body(), settings.maxUploadBytes());
        exchange.setProperty(VIDEO_ID, id);
        exchange.setProperty(RAW_KEY, key);
        exchange.setProperty(FILENAME, filename);
        exchange.setProperty(FILE_TYPE, part.contentType());
        exchange.setProperty(FORM, form);
        exchange.setProperty(COUNTER, body);
        in.setBody(PutObjectArgs.builder()
                .bucket(settings.rawBucket())
                .object(key)
                .contentType(part.contentType())
                .userMetadata(Map.of("filename", URLEncoder.encode(filename, StandardCharsets.UTF_8)))
                .stream(body, -1, PART_SIZE));
    }

    /** After the object is stored: reads the rest of the form, records the video and makes the job body. */
    public void stored(Exchange exchange) throws IOException {
        MultipartForm form = exchange.getProperty(FORM, MultipartForm.class);
        form.finish(FIELD);
        String id = exchange.getProperty(VIDEO_ID, String.class);
        long size = exchange.getProperty(COUNTER, LimitedInputStream.class).count();
        if (size == 0) {
            throw new ApiException(400, "the 'video' field is empty");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("filename", exchange.getProperty(FILENAME, String.class));
        fields.put("contentType", exchange.getProperty(FILE_TYPE, String.class));
        fields.put("size", Long.toString(size));
        fields.put("rawKey", exchange.getProperty(RAW_KEY, String.class));
        fields.put("source", "multipart");
        videos.create(id, fields);
        exchange.getMessage().setBody(TranscodeJob.of(id));
    }

    public void accepted(Exchange exchange) {
        String id = exchange.getProperty(VIDEO_ID, String.class);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("status", "waiting");
        body.put("statusUrl", settings.statusUrl(id));
        body.put("playlistUrl", settings.playlistUrl(id));
        Responses.json(exchange, 202, body);
        exchange.getMessage().setHeader("Location", settings.statusUrl(id));
    }

    /** Removes a stored source whose upload did not finish; a put that failed mid-way was aborted already. */
    public void discard(Exchange exchange) {
        String key = exchange.getProperty(RAW_KEY, String.class);
        if (key == null) {
            return;
        }
        try {
            minio.removeObject(RemoveObjectArgs.builder().bucket(settings.rawBucket()).object(key).build());
            videos.delete(exchange.getProperty(VIDEO_ID, String.class));
        } catch (Exception e) {
            LOG.warn("Could not clean up the failed upload {}: {}", key, e.toString());
        }
    }
}
