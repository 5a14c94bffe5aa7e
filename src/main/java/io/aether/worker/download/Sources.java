package io.aether.worker.download;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.aether.media.Playlists;
import io.minio.DownloadObjectArgs;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;

/**
 * The stored segments a download is made of, fetched from the processed bucket into the job's work
 * directory. A chunked video keeps its audio apart (audio.m3u8); a single pass muxes it into every
 * rung's segments, which then serve for the audio too.
 */
final class Sources {
    private static final String AUDIO_PLAYLIST = "audio.m3u8";

    /** The segment files in order: the video's (empty for audio alone) and the audio's (empty without sound). */
    record Segments(List<Path> video, List<Path> audio) {
    }

    private final MinioClient minio;
    private final String bucket;

    Sources(MinioClient minio, String bucket) {
        this.minio = minio;
        this.bucket = bucket;
    }

    /**
     * @param rung the rung whose video is wanted, or null for the audio alone
     * @param audioRung the rung whose segments carry the sound when the video keeps none apart
     */
    Segments fetch(String videoId, String rung, String audioRung, boolean hasAudio, Path dir) throws Exception {
        List<Path> video = rung == null ? List.of() : fetchPlaylist(videoId, rung + ".m3u8", dir.resolve("v"));
        if (!hasAudio) {
            return new Segments(video, List.of());
        }
        if (exists(videoId + "/" + AUDIO_PLAYLIST)) {
            return new Segments(video, fetchPlaylist(videoId, AUDIO_PLAYLIST, dir.resolve("a")));
        }
        if (rung != null) {
            return new Segments(video, video);
        }
        return new Segments(List.of(), fetchPlaylist(videoId, audioRung + ".m3u8", dir.resolve("a")));
    }

    private List<Path> fetchPlaylist(String videoId, String playlist, Path into) throws Exception {
        String text;
        try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(bucket).object(videoId + "/" + playlist)
                .build())) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Files.createDirectories(into);
        List<Path> out = new ArrayList<>();
        for (Playlists.Segment segment : Playlists.segments(text, name -> 0)) {
            String name = segment.name();
            // the names are the worker's own, yet a path that left the directory would be read from elsewhere
            if (!name.matches("[A-Za-z0-9_-]{1,64}\\.ts")) {
                throw new IllegalStateException("unexpected segment name in " + playlist + ": " + name);
            }
            Path file = into.resolve(name);
            minio.downloadObject(DownloadObjectArgs.builder().bucket(bucket).object(videoId + "/" + name)
                    .filename(file.toString()).build());
            out.add(file);
        }
        if (out.isEmpty()) {
            throw new IllegalStateException(playlist + " lists no segments");
        }
        return out;
    }

    private boolean exists(String object) throws Exception {
        try {
            minio.statObject(StatObjectArgs.builder().bucket(bucket).object(object).build());
            return true;
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                return false;
            }
            throw e;
        }
    }
}
