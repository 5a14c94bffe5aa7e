package io.aether.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;

/** What a subscriber may send: a ping (answered with a pong) or a request for a fresh snapshot. */
public enum ClientMessage {
    PING, RESYNC, UNKNOWN;

    public static final String HELP = "send {\"type\":\"ping\"} or {\"type\":\"resync\"}";

    public static ClientMessage parse(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        String trimmed = text.trim();
        if (trimmed.equals("ping")) {
            return PING;
        }
        if (!trimmed.startsWith("{") || trimmed.length() > 1024) {
            return UNKNOWN;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(trimmed);
            return switch (node.path("type").asText("")) {
                case "ping" -> PING;
                case "resync" -> RESYNC;
                default -> UNKNOWN;
            };
        } catch (java.io.IOException e) {
            return UNKNOWN;
        }
    }
}
