package io.aether.worker;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.aether.media.ContentTypes;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;

/** Puts a video's playlists and segments into the processed bucket, with their content types. */
public final class ProcessedObjects {
    private final MinioClient minio;
    private final String bucket;

    public ProcessedObjects(MinioClient minio, String bucket) {
        this.minio = minio;
        this.bucket = bucket;
    }

    public void put(String videoId, String name, byte[] bytes) throws Exception {
        minio.putObject(PutObjectArgs.builder()
                .bucket(bucket)
                .object(videoId + "/" + name)
                .contentType(ContentTypes.of(name))
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1)
                .build());
    }

    public void put(String videoId, String name, String text) throws Exception {
        put(videoId, name, text.getBytes(StandardCharsets.UTF_8));
    }

    public void put(String videoId, Path file) throws Exception {
        put(videoId, file.getFileName().toString(), Files.readAllBytes(file));
    }
}
