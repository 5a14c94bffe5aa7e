package io.aether.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.aether.Keys;
import io.aether.errors.InvalidRequest;
import io.aether.http.Replies;
import io.aether.Settings;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;

/** GET /api/v1/videos, and GET, PATCH and DELETE /api/v1/videos/{id}. */
public final class VideosApi {
    private static final int MAX_LIMIT = 200;
    private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");
    private static final int MAX_PATCH = 4096;
    private final Settings settings;
    private final VideoStore videos;
    private final PlaybackUrls urls;
    private final VideoDeletion deletion;

    public VideosApi(Settings settings, VideoStore videos, PlaybackUrls urls, VideoDeletion deletion) {
        this.settings = settings;
        this.videos = videos;
        this.urls = urls;
        this.deletion = deletion;
    }

    public void get(Exchange exchange, @Header("id") String id) {
        Replies.json(exchange, 200, view(record(exchange, id)));
    }

    /** Changes what the owner may change: {@code {"public": true|false}}. */
    public void patch(Exchange exchange, @Header("id") String id, @Body String body) {
        record(exchange, id);
        if (body == null || body.length() > MAX_PATCH) {
            throw new InvalidRequest("send a JSON object such as {\"public\": true}");
        }
        JsonNode changes;
        try {
            changes = Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new InvalidRequest("the body is not JSON: send {\"public\": true} or {\"public\": false}");
        }
        if (changes == null || !changes.isObject() || !changes.path("public").isBoolean() || changes.size() != 1) {
            throw new InvalidRequest("only {\"public\": true} or {\"public\": false} can be changed");
        }
        if (!videos.update(id, new Video.Changes().isPublic(changes.path("public").asBoolean()))) {
            throw new VideoNotFound(id);
        }
        Replies.json(exchange, 200, view(record(exchange, id)));
    }

    /** Deletes the video and everything under its id: 204, or 404 for an unknown id. */
    public void delete(Exchange exchange, @Header("id") String id) throws Exception {
        if (id == null || !ID.matcher(id).matches()) {
            throw new VideoNotFound(id);
        }
        deletion.delete(id, owner(exchange));
        Message out = Replies.status(exchange, 204);
        out.setBody(null);
    }

    /** The caller's video; another owner's answers 404 like an unknown id. */
    private Video record(Exchange exchange, String id) {
        return videos.findOwned(id, owner(exchange)).orElseThrow(() -> new VideoNotFound(id));
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

    /** The video as the API, its live socket and its webhooks show it. */
    public Map<String, Object> view(Video video) {
        String id = video.id();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("status", video.status() == null ? null : video.status().wire());
        view.put("progress", video.progress());
        view.put("playable", video.playable());
        view.put("chunks", video.chunks());
        view.put("attempts", video.attempts());
        view.put("revision", video.revision());
        view.put("filename", video.filename());
        view.put("size", video.size());
        view.put("error", video.error());
        view.put("worker", video.worker());
        view.put("createdAt", text(video.createdAt()));
        view.put("updatedAt", text(video.updatedAt()));
        view.put("startedAt", text(video.startedAt()));
        view.put("completedAt", text(video.completedAt()));
        view.put("duration", video.duration());
        LadderView.put(video, view);
        view.put("statusUrl", settings.statusUrl(id));
        view.put("public", video.isPublic());
        view.put("playlistUrl", urls.playlistUrl(id, video.isPublic()));
        // both are made from what is published, so they exist once the video plays
        view.put("thumbnailUrl", video.playable() ? urls.thumbnailUrl(id, video.isPublic()) : null);
        view.put("storyboardUrl", video.playable() ? urls.storyboardUrl(id, video.isPublic()) : null);
        view.put("downloads", downloads(video));
        return view;
    }

    /** Each download asked for; a ready one with its signed URL, a failed one with why. */
    private List<Map<String, Object>> downloads(Video video) {
        return video.downloads().stream().map(d -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("rendition", d.rendition());
            one.put("status", d.status());
            if (d.ready()) {
                one.put("url", urls.downloadUrl(video.id(), io.aether.store.Downloads.file(d.rendition())));
            }
            if (!d.reason().isEmpty()) {
                one.put("reason", d.reason());
            }
            return one;
        }).toList();
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
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
            throw new InvalidRequest(name + " must be a non-negative integer");
        }
    }
}
