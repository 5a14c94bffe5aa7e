package io.aether.api;

import java.util.regex.Pattern;

import io.aether.http.ApiException;
import io.aether.http.Replies;
import io.aether.media.ContentTypes;
import io.minio.GetObjectResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.camel.component.minio.MinioConstants;

/** The steps of the playback route: which object of the processed bucket, then how to serve it. */
public final class Playback {
    private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_-]{1,64}\\.(m3u8|ts)");
    private static final String FILE_NAME = "AetherPlaybackFile";

    /** Only names a video could have reach the object store. */
    public void locate(Exchange exchange, @Header("id") String id, @Header("file") String file) {
        if (id == null || file == null || !ID.matcher(id).matches() || !FILE.matcher(file).matches()) {
            throw new ApiException(404, "no such playlist or segment");
        }
        exchange.setProperty(FILE_NAME, file);
        exchange.getMessage().setHeader(MinioConstants.OBJECT_NAME, id + "/" + file);
    }

    /** Streams the object got from the store, with its type, length and how long a player may cache it. */
    public void serve(Exchange exchange) {
        String file = exchange.getProperty(FILE_NAME, String.class);
        GetObjectResponse object = exchange.getMessage().getBody(GetObjectResponse.class);
        Message out = Replies.status(exchange, 200);
        out.setHeader(Exchange.CONTENT_TYPE, ContentTypes.of(file));
        out.setHeader("Cache-Control", file.endsWith(".ts") ? "public, max-age=31536000, immutable" : "no-cache");
        String length = object.headers().get("Content-Length");
        if (length != null) {
            out.setHeader(Exchange.CONTENT_LENGTH, length);
        }
        out.setBody(object);
    }
}
