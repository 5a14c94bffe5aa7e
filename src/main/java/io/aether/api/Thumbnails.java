package io.aether.api;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.aether.child.ChildCommand;
import io.aether.child.ChildOutput;
import io.aether.child.ChildProcesses;
import io.aether.child.ChildResult;
import io.aether.errors.InvalidRequest;
import io.aether.errors.NotFound;
import io.aether.http.Replies;
import io.aether.media.Playlists;
import io.aether.media.Thumbnail;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.errors.ErrorResponseException;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code thumbnail.jpg|webp?time=&width=} of a playable video: from the cache in the processed
 * bucket (under the video's id, so a delete takes it along), or cut once from the lowest rung's
 * stored segment that holds the time by one short ffmpeg run, a few at a time, then cached.
 */
public final class Thumbnails {
    private static final Logger LOG = LoggerFactory.getLogger(Thumbnails.class);
    private static final long FFMPEG_TIMEOUT_MS = 20_000;
    /** How long a request waits for one of the runs before it is told to come back. */
    private static final long QUEUE_MS = 10_000;
    private static final int MAX_OBJECT = 16 * 1024 * 1024;
    /** A poster follows a growing video (a third into what plays), a thumbnail at a time never changes. */
    static final String POSTER_CACHE = "public, max-age=60";
    static final String TIME_CACHE = "public, max-age=86400";

    private final VideoStore videos;
    private final MinioClient minio;
    private final String bucket;
    private final ChildProcesses children;
    private final String ffmpeg;
    private final Semaphore runs;

    public Thumbnails(VideoStore videos, MinioClient minio, String bucket, ChildProcesses children, String ffmpeg,
                      int concurrentRuns) {
        this.videos = videos;
        this.minio = minio;
        this.bucket = bucket;
        this.children = children;
        this.ffmpeg = ffmpeg;
        this.runs = new Semaphore(concurrentRuns, true);
    }

    /** After the playback route's token check: the image, or 400 for a time or width it cannot have. */
    public void serve(Exchange exchange, @Header("id") String id, @Header("file") String file,
                      @Header("time") String time, @Header("width") String width) throws Exception {
        Video video = videos.find(id).orElseThrow(() -> new VideoNotFound(id));
        if (!video.playable() || video.renditions().isEmpty()) {
            throw new NotFound("video " + id + " has no thumbnails until it is playable");
        }
        String rung = video.renditions().get(video.renditions().size() - 1).name();
        // the published part of the lowest rung: all of a completed video, the playable prefix of a chunked one
        List<Playlists.Segment> segments = Playlists.segments(
                new String(read(id + "/" + rung + ".m3u8"), StandardCharsets.UTF_8), name -> 0);
        double playable = segments.stream().mapToDouble(Playlists.Segment::seconds).sum();
        Thumbnail thumbnail;
        Thumbnail.Cut cut;
        try {
            thumbnail = Thumbnail.of(file.substring(file.indexOf('.') + 1), blank(time), blank(width), playable,
                    video.width());
            cut = thumbnail.find(segments);
        } catch (Thumbnail.Refused e) {
            throw new InvalidRequest(e.getMessage());
        }
        String key = id + "/" + thumbnail.cacheName();
        byte[] image = cached(key);
        if (image == null) {
            image = make(id, thumbnail, cut, key);
        }
        Message out = Replies.status(exchange, 200);
        out.setHeader(Exchange.CONTENT_TYPE, thumbnail.format().contentType());
        out.setHeader(Exchange.CONTENT_LENGTH, Integer.toString(image.length));
        Replies.header(exchange, "Cache-Control", blank(time) == null ? POSTER_CACHE : TIME_CACHE);
        out.setBody(image);
    }

    private byte[] make(String id, Thumbnail thumbnail, Thumbnail.Cut cut, String key) throws Exception {
        if (!runs.tryAcquire(QUEUE_MS, TimeUnit.MILLISECONDS)) {
            throw new ThumbnailsBusy();
        }
        Path dir = Files.createTempDirectory("aether-thumbnail");
        try {
            // another request for the same image may have made it while this one waited
            byte[] made = cached(key);
            if (made != null) {
                return made;
            }
            Path segment = dir.resolve("segment.ts");
            Files.write(segment, read(id + "/" + cut.segment().name()));
            Path image = dir.resolve("image." + thumbnail.format().extension());
            ChildResult result = children.run(new ChildCommand(thumbnail.command(ffmpeg, segment, cut.offset(), image)),
                    FFMPEG_TIMEOUT_MS);
            if (result.exitValue() != 0 || !Files.exists(image)) {
                throw new IllegalStateException("ffmpeg made no thumbnail of " + key + ": "
                        + ChildOutput.tail(result.stderr()));
            }
            made = Files.readAllBytes(image);
            minio.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .contentType(thumbnail.format().contentType())
                    .stream(new ByteArrayInputStream(made), made.length, -1).build());
            // a delete that listed the video's objects before this put would leave it behind
            if (videos.find(id).isEmpty()) {
                minio.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
                throw new VideoNotFound(id);
            }
            LOG.debug("Thumbnail {} made from {} at {} s", key, cut.segment().name(), cut.offset());
            return made;
        } finally {
            runs.release();
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** The cached image, or null when it is not made yet. */
    private byte[] cached(String key) throws Exception {
        try {
            return read(key);
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                return null;
            }
            throw e;
        }
    }

    private byte[] read(String key) throws Exception {
        try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            byte[] bytes = in.readNBytes(MAX_OBJECT + 1);
            if (bytes.length > MAX_OBJECT) {
                throw new IllegalStateException(key + " is over " + MAX_OBJECT + " bytes");
            }
            return bytes;
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
