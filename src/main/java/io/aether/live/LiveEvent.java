package io.aether.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;

/**
 * One event as published on {@code aether:events:ID}, with the fields that decide its order.
 * Absent numbers are -1; {@link #json} is the text to forward unchanged. {@code playable} marks
 * the state event saying a chunked video can be played while the rest is encoded; {@code revision}
 * is the record's count of state changes (-1 from a replica that does not send it).
 */
public record LiveEvent(String type, String videoId, String status, int attempts, int percent, long received,
        boolean playable, long revision, String json) {

    public LiveEvent(String type, String videoId, String status, int attempts, int percent, long received,
            boolean playable, String json) {
        this(type, videoId, status, attempts, percent, received, playable, -1, json);
    }

    public static final String STATE = "state";
    public static final String PROGRESS = "progress";
    public static final String UPLOAD = "upload";

    /** Reads a published event; text that is not a JSON object with a type is refused. */
    public static LiveEvent parse(String json) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject() || !node.path("type").isTextual()) {
            throw new IllegalArgumentException("not an event object");
        }
        return new LiveEvent(node.path("type").asText(), node.path("videoId").asText(""),
                node.path("status").isTextual() ? node.path("status").asText() : null,
                node.path("attempts").asInt(-1), node.path("percent").asInt(-1),
                node.path("received").asLong(-1), node.path("playable").asBoolean(false),
                node.path("revision").asLong(-1), json);
    }
}
