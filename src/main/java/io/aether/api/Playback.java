package io.aether.api;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.aether.errors.NotFound;
import io.aether.errors.NotPermitted;
import io.aether.http.ByteRange;
import io.aether.http.Replies;
import io.aether.http.StreamedReply;
import io.aether.media.ContentTypes;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.camel.component.minio.MinioConstants;
import org.apache.camel.component.minio.MinioOperations;

/**
 * The steps of the playback routes: who may play (a valid token, or a public video), which object
 * of the processed bucket, which bytes of it, then how to serve it.
 */
public final class Playback {
    private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_-]{1,64}\\.(m3u8|ts|vtt|jpg)");
    /** Made on demand (Thumbnails) rather than read from the store. */
    private static final Pattern THUMBNAIL = Pattern.compile("thumbnail\\.(jpg|webp)");
    /** Exchange property the playback route reads: a thumbnail, not a stored object. */
    public static final String IS_THUMBNAIL = "AetherThumbnail";
    private static final String FILE_NAME = "AetherPlaybackFile";
    private static final String RANGE = "AetherPlaybackRange";
    private static final String SIZE = "AetherPlaybackSize";
    /** A playlist is read whole to tell a growing one from a finished one; none is near this large. */
    private static final int MAX_PLAYLIST = 8 * 1024 * 1024;
    static final String SEGMENT_CACHE = "public, max-age=31536000, immutable";
    static final String PLAYLIST_CACHE = "public, max-age=5";
    static final String GROWING_CACHE = "no-cache";
    /** A player that takes longer than this to accept the next bytes of a segment is cut off. */
    private static final long STALL_MS = 30_000;

    private final PlaybackUrls urls;
    private final VideoStore videos;
    private final MinioClient minio;
    private final String bucket;

    public Playback(PlaybackUrls urls, VideoStore videos, MinioClient minio, String bucket) {
        this.urls = urls;
        this.videos = videos;
        this.minio = minio;
        this.bucket = bucket;
    }

    /** /hls/{token}/{id}/{file}: the token must be valid, unexpired and made for this video. */
    public void signed(Exchange exchange, @Header("token") String token, @Header("id") String id,
            @Header("file") String file) {
        locate(exchange, id, file);
        if (!urls.allows(token, id)) {
            throw new NotPermitted("the playback token is invalid, expired or for another video");
        }
    }

    /** /hls/{id}/{file}: only a public video plays without a token. */
    public void unsigned(Exchange exchange, @Header("id") String id, @Header("file") String file) {
        locate(exchange, id, file);
        if (!videos.find(id).map(Video::isPublic).orElse(false)) {
            throw new NotPermitted("this video plays only with a signed token (its record's playlistUrl)");
        }
    }

    /** Only names a video could have reach the object store. */
    private static void locate(Exchange exchange, String id, String file) {
        Replies.request(exchange); // kept for the Cache-Control header, which goes on the response itself
        if (id == null || file == null || !ID.matcher(id).matches() || !FILE.matcher(file).matches()
                && !THUMBNAIL.matcher(file).matches()) {
            throw new NotFound("no such playlist or segment");
        }
        exchange.setProperty(IS_THUMBNAIL, THUMBNAIL.matcher(file).matches());
        exchange.setProperty(FILE_NAME, file);
        exchange.getMessage().setHeader(MinioConstants.OBJECT_NAME, id + "/" + file);
    }

    /** A segment asked for in part (Range) is read in part: the store is asked for its size, then for those bytes. */
    public void range(Exchange exchange, @Header("Range") String header) throws Exception {
        String file = exchange.getProperty(FILE_NAME, String.class);
        if (header == null || !binary(file)) {
            return;
        }
        String object = exchange.getMessage().getHeader(MinioConstants.OBJECT_NAME, String.class);
        long size = minio.statObject(StatObjectArgs.builder().bucket(bucket).object(object).build()).size();
        Optional<ByteRange> range = ByteRange.parse(header, size);
        if (range.isPresent()) {
            exchange.setProperty(RANGE, range.get());
            exchange.setProperty(SIZE, size);
            Message in = exchange.getMessage();
            in.setHeader(MinioConstants.MINIO_OPERATION, MinioOperations.getPartialObject);
            in.setHeader(MinioConstants.OFFSET, Long.toString(range.get().first()));
            in.setHeader(MinioConstants.LENGTH, Long.toString(range.get().length()));
        }
    }

    /** Streams the object got from the store, with its type, length and how long a player may cache it. */
    public void serve(Exchange exchange) throws Exception {
        String file = exchange.getProperty(FILE_NAME, String.class);
        ByteRange range = exchange.getProperty(RANGE, ByteRange.class);
        GetObjectResponse object = exchange.getMessage().getBody(GetObjectResponse.class);
        Message out = Replies.status(exchange, range == null ? 200 : 206);
        out.setHeader(Exchange.CONTENT_TYPE, ContentTypes.of(file));
        if (binary(file)) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", ContentTypes.of(file));
            headers.put("Accept-Ranges", "bytes");
            headers.put("Cache-Control", SEGMENT_CACHE);
            long length;
            if (range != null) {
                headers.put("Content-Range", range.contentRange(exchange.getProperty(SIZE, Long.class)));
                length = range.length();
            } else {
                length = Long.parseLong(object.headers().get("Content-Length"));
            }
            StreamedReply.send(Replies.request(exchange), range == null ? 200 : 206, headers, length, object, STALL_MS);
            out.setBody(null);
            return;
        }
        out.setHeader("Accept-Ranges", "none");
        byte[] text = read(object);
        // a growing (EVENT) playlist changes with every stored chunk; a finished one only if re-published.
        // The storyboard grows with the playlists; a page reads it once, so it is never cached
        boolean growing = file.endsWith(".vtt")
                || new String(text, StandardCharsets.UTF_8).contains("#EXT-X-PLAYLIST-TYPE:EVENT");
        Replies.header(exchange, "Cache-Control", growing ? GROWING_CACHE : PLAYLIST_CACHE);
        out.setHeader(Exchange.CONTENT_LENGTH, Integer.toString(text.length));
        out.setBody(text);
    }

    /** Segments and storyboard sheets never change once stored: streamed, in ranges, cached for good. */
    private static boolean binary(String file) {
        return file.endsWith(".ts") || file.endsWith(".jpg");
    }

    private static byte[] read(GetObjectResponse object) throws Exception {
        try (InputStream in = object) {
            byte[] text = in.readNBytes(MAX_PLAYLIST + 1);
            if (text.length > MAX_PLAYLIST) {
                throw new IllegalStateException("playlist " + object.object() + " is over " + MAX_PLAYLIST + " bytes");
            }
            return text;
        }
    }
}
