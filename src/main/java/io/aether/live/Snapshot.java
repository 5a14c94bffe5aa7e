package io.aether.live;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.aether.Json;
import io.aether.store.Video;

/**
 * The first message a subscriber gets: the video as {@code GET /api/v1/videos/{id}} shows it
 * (or null while there is no record yet), with the fields that place it in the stream.
 */
public record Snapshot(String json, String status, int attempts, int progress, boolean playable, long revision) {

    /** @param view the record as the status API shows it */
    public static Snapshot of(String videoId, Optional<Video> video, Function<Video, Map<String, Object>> view) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "snapshot");
        message.put("videoId", videoId);
        message.put("at", Instant.now().toString());
        message.put("video", video.map(view).orElse(null));
        String status = video.map(v -> v.status() == null ? null : v.status().wire()).orElse(null);
        int attempts = video.map(Video::attempts).orElse(0);
        int progress = video.map(Video::progress).orElse(-1);
        boolean playable = video.map(Video::playable).orElse(false);
        long revision = video.map(Video::revision).orElse(-1L);
        return new Snapshot(Json.write(message), status, attempts, progress, playable, revision);
    }
}
