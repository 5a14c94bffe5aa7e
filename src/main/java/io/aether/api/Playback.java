package io.aether.api;

import java.util.regex.Pattern;

import io.aether.http.ApiException;
import io.aether.Settings;
import io.aether.media.ContentTypes;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;

/** Serves a video's HLS playlists and segments from the processed bucket. */
public final class Playback {
    private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_-]{1,64}\\.(m3u8|ts)");
    private final Settings settings;
    private final MinioClient minio;

    public Playback(Settings settings, MinioClient minio) {
        this.settings = settings;
        this.minio = minio;
    }

    public void serve(Exchange exchange, @Header("id") String id, @Header("file") String file) throws Exception {
        if (id == null || file == null || !ID.matcher(id).matches() || !FILE.matcher(file).matches()) {
            throw new ApiException(404, "no such playlist or segment");
        }
        GetObjectResponse object;
        try {
            object = minio.getObject(GetObjectArgs.builder()
                    .bucket(settings.processedBucket()).object(id + "/" + file).build());
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                throw new ApiException(404, "no such playlist or segment (the video may not be ready yet)");
            }
            throw e;
        }
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, ContentTypes.of(file));
        out.setHeader("Cache-Control", file.endsWith(".ts") ? "public, max-age=31536000, immutable" : "no-cache");
        String length = object.headers().get("Content-Length");
        if (length != null) {
            out.setHeader(Exchange.CONTENT_LENGTH, length);
        }
        out.setBody(object);
    }
}
