package io.aether.live;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.aether.Json;

/**
 * The first message a subscriber gets: the video as {@code GET /api/v1/videos/{id}} shows it
 * (or null while there is no record yet), with the fields that place it in the stream.
 */
public record Snapshot(String json, String status, int attempts, int progress, boolean playable, long revision) {

    public static Snapshot of(String videoId, Optional<Map<String, Object>> video) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "snapshot");
        message.put("videoId", videoId);
        message.put("at", Instant.now().toString());
        message.put("video", video.orElse(null));
        String status = video.map(v -> (String) v.get("status")).orElse(null);
        int attempts = video.map(v -> number(v.get("attempts"))).orElse(0);
        int progress = video.map(v -> number(v.get("progress"))).orElse(-1);
        boolean playable = video.map(v -> Boolean.TRUE.equals(v.get("playable"))).orElse(false);
        long revision = video.map(v -> (long) number(v.get("revision"))).orElse(-1L);
        return new Snapshot(Json.write(message), status, attempts, progress, playable, revision);
    }

    private static int number(Object value) {
        return value instanceof Number n ? n.intValue() : 0;
    }
}
