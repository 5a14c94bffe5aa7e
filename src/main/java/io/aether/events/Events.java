package io.aether.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.aether.Json;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Publishes a video's events on the Redis channel {@code aether:events:ID}, so a client
 * connected to any API replica hears what any worker did.
 */
public final class Events {
    public static final String CHANNEL_PREFIX = "aether:events:";

    private final RedisCommands<String, String> redis;

    public Events(RedisCommands<String, String> redis) {
        this.redis = redis;
    }

    public static String channel(String videoId) {
        return CHANNEL_PREFIX + videoId;
    }

    /**
     * A state change, with the reason when failed and the playlist when completed. {@code revision} is the
     * record's count of state changes: it orders them, including those that leave attempts as they were.
     */
    public void state(String videoId, String status, int attempts, long revision, String error, String playlistUrl) {
        Map<String, Object> event = base("state", videoId);
        event.put("status", status);
        event.put("attempts", attempts);
        event.put("revision", revision);
        if (error != null && !error.isEmpty()) {
            event.put("error", error);
        }
        if (playlistUrl != null) {
            event.put("playlistUrl", playlistUrl);
        }
        publish(videoId, event);
    }

    /** The video can be played from the start while the rest is still encoded. */
    public void playable(String videoId, String playlistUrl) {
        Map<String, Object> event = base("state", videoId);
        event.put("status", "active");
        event.put("playable", true);
        event.put("playlistUrl", playlistUrl);
        publish(videoId, event);
    }

    /** The video was deleted: its watchers hear it last, and their sockets close. */
    public void deleted(String videoId) {
        Map<String, Object> event = base("state", videoId);
        event.put("status", "deleted");
        publish(videoId, event);
    }

    public void progress(String videoId, int percent) {
        Map<String, Object> event = base("progress", videoId);
        event.put("percent", percent);
        publish(videoId, event);
    }

    public void upload(String videoId, long received, long total) {
        Map<String, Object> event = base("upload", videoId);
        event.put("received", received);
        event.put("total", total);
        publish(videoId, event);
    }

    private void publish(String videoId, Map<String, Object> event) {
        redis.publish(channel(videoId), Json.write(event));
    }

    private static Map<String, Object> base(String type, String videoId) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("videoId", videoId);
        event.put("at", Instant.now().toString());
        return event;
    }
}
