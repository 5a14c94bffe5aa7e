package io.aether.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.aether.errors.NotFound;
import io.aether.errors.NotPermitted;
import io.aether.http.Attachment;
import io.aether.http.Replies;
import io.aether.http.StreamedReply;
import io.aether.store.Downloads;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import io.minio.GetObjectResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.minio.MinioConstants;

/**
 * /downloads/{token}/{id}/{file}: a ready download, with the token of the record's {@code url}, served
 * as an attachment named after the uploaded file.
 */
public final class DownloadFiles {
    private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");
    private static final Pattern FILE = Pattern.compile("([a-z0-9_-]{1,32})\\.(mp4|m4a)");
    private static final String DISPOSITION = "AetherDisposition";
    private static final String TYPE = "AetherDownloadType";
    /** A client that takes longer than this to accept the next bytes is cut off. */
    private static final long STALL_MS = 30_000;

    private final PlaybackUrls urls;
    private final VideoStore videos;

    public DownloadFiles(PlaybackUrls urls, VideoStore videos) {
        this.urls = urls;
        this.videos = videos;
    }

    /** Only a valid token for this video, and only a download it has ready, reach the store. */
    public void locate(Exchange exchange, @Header("token") String token, @Header("id") String id,
            @Header("file") String file) {
        Replies.request(exchange);
        var name = file == null ? null : FILE.matcher(file);
        if (id == null || !ID.matcher(id).matches() || name == null || !name.matches()) {
            throw new NotFound("no such download");
        }
        if (!urls.allows(token, id)) {
            throw new NotPermitted("the download token is invalid, expired or for another video");
        }
        String rendition = name.group(1);
        Video video = videos.find(id).filter(v -> v.downloads().stream()
                .anyMatch(d -> d.rendition().equals(rendition) && d.ready()))
                .orElseThrow(() -> new NotFound("no such download (it may not be ready yet)"));
        if (!Downloads.file(rendition).equals(file)) {
            throw new NotFound("no such download");
        }
        String suffix = "-" + rendition + (Downloads.AUDIO.equals(rendition) ? ".m4a" : ".mp4");
        exchange.setProperty(DISPOSITION, Attachment.disposition(video.filename(), suffix));
        exchange.setProperty(TYPE, Downloads.AUDIO.equals(rendition) ? "audio/mp4" : "video/mp4");
        exchange.getMessage().setHeader(MinioConstants.OBJECT_NAME, Downloads.object(id, rendition));
    }

    /** Streams the file got from the store. */
    public void serve(Exchange exchange) throws Exception {
        GetObjectResponse object = exchange.getMessage().getBody(GetObjectResponse.class);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", exchange.getProperty(TYPE, String.class));
        headers.put("Content-Disposition", exchange.getProperty(DISPOSITION, String.class));
        headers.put("Cache-Control", "private, max-age=3600");
        long length = Long.parseLong(object.headers().get("Content-Length"));
        StreamedReply.send(Replies.request(exchange), 200, headers, length, object, STALL_MS);
        Replies.status(exchange, 200).setBody(null);
    }
}
