package io.aether.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.aether.Keys;
import io.aether.http.ApiException;
import io.aether.http.Replies;
import io.aether.Settings;
import io.aether.store.VideoStore;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/** GET /api/v1/videos and /api/v1/videos/{id}. */
public final class VideosApi {
    private static final int MAX_LIMIT = 200;
    private final Settings settings;
    private final VideoStore videos;

    public VideosApi(Settings settings, VideoStore videos) {
        this.settings = settings;
        this.videos = videos;
    }

    public void get(Exchange exchange, @Header("id") String id) {
        Map<String, String> record = videos.findOwned(id, owner(exchange))
                .orElseThrow(() -> new ApiException(404, "no video with id " + id));
        Replies.json(exchange, 200, view(record));
    }

    public void list(Exchange exchange, @Header("offset") String offset, @Header("limit") String limit) {
        int from = number(offset, 0, "offset");
        // 0 would read the whole list; like any other limit it is clamped, here to the least, 1
        int count = Math.max(1, Math.min(number(limit, 50, "limit"), MAX_LIMIT));
        String owner = owner(exchange);
        List<Map<String, Object>> items = videos.list(owner, from, count).stream().map(this::view).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", videos.count(owner));
        body.put("offset", from);
        body.put("items", items);
        Replies.json(exchange, 200, body);
    }

    public Map<String, Object> view(Map<String, String> record) {
        String id = record.get("id");
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("status", record.get("status"));
        view.put("progress", Integer.parseInt(record.getOrDefault("progress", "0")));
        // a chunked video plays from its first chunk on, while the rest is encoded
        view.put("playable", "completed".equals(record.get("status")) || "true".equals(record.get("playable")));
        view.put("chunks", Integer.parseInt(record.getOrDefault("chunks", "0")));
        view.put("attempts", Integer.parseInt(record.getOrDefault("attempts", "0")));
        view.put("filename", record.getOrDefault("filename", ""));
        view.put("size", Long.parseLong(record.getOrDefault("size", "0")));
        view.put("error", record.get("error"));
        view.put("worker", record.get("worker"));
        view.put("createdAt", record.get("createdAt"));
        view.put("updatedAt", record.get("updatedAt"));
        view.put("startedAt", record.get("startedAt"));
        view.put("completedAt", record.get("completedAt"));
        view.put("duration", record.containsKey("duration") ? Double.parseDouble(record.get("duration")) : null);
        view.put("renditions", record.containsKey("renditions") ? List.of(record.get("renditions").split(",")) : List.of());
        view.put("statusUrl", settings.statusUrl(id));
        view.put("playlistUrl", settings.playlistUrl(id));
        return view;
    }

    /** Set by io.aether.access.Access before any step of the route runs. */
    static String owner(Exchange exchange) {
        String owner = exchange.getProperty(Keys.OWNER, String.class);
        if (owner == null) {
            throw new IllegalStateException("the route did not authenticate the request");
        }
        return owner;
    }

    private static int number(String value, int fallback, String name) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ApiException(400, name + " must be a non-negative integer");
        }
    }
}
