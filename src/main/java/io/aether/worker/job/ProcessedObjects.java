package io.aether.worker.job;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.aether.media.ContentTypes;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.apache.camel.Exchange;

/** Puts a video's playlists and segments into the processed bucket, with their content types. */
public final class ProcessedObjects {
    private final MinioClient minio;
    private final String bucket;

    public ProcessedObjects(MinioClient minio, String bucket) {
        this.minio = minio;
        this.bucket = bucket;
    }

    public void put(String videoId, String name, byte[] bytes) throws Exception {
        minio.putObject(request(videoId, name, bytes).build());
    }

    /**
     * Step of the publish route: makes one output file the put into the processed bucket. The put is
     * built here because camel-minio would store a Content-Type header as user metadata. A segment is
     * a few MB, so reading it whole keeps no file handle open past the put.
     */
    public void putRequest(Exchange exchange) throws Exception {
        File file = exchange.getMessage().getBody(File.class);
        exchange.getMessage().setBody(request(Job.of(exchange).videoId(), file.getName(),
                Files.readAllBytes(file.toPath())));
    }

    private PutObjectArgs.Builder request(String videoId, String name, byte[] bytes) {
        return PutObjectArgs.builder()
                .bucket(bucket)
                .object(videoId + "/" + name)
                .contentType(ContentTypes.of(name))
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1);
    }

    public void put(String videoId, String name, String text) throws Exception {
        put(videoId, name, text.getBytes(StandardCharsets.UTF_8));
    }

    public void put(String videoId, Path file) throws Exception {
        put(videoId, file.getFileName().toString(), Files.readAllBytes(file));
    }
}
