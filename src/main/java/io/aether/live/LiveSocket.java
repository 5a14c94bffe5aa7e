package io.aether.live;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.aether.Json;
import io.aether.http.SocketComponent;
import io.aether.http.SocketEvent;
import io.vertx.core.http.ServerWebSocket;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The steps of the {@code /ws/videos/{id}} route. A client opens a WebSocket for one video and
 * receives JSON text messages:
 * <ol>
 * <li>{@code {"type":"snapshot","videoId","at","video"}}: first, the record as
 * {@code GET /api/v1/videos/{id}} shows it, or {@code "video":null} while there is none;</li>
 * <li>then the video's events as the services publish them, oldest first:
 * {@code state} (status, attempts, error when failed, playlistUrl when completed; and once,
 * for a chunked video, status active with playable true and the playlistUrl to play it from),
 * {@code progress} (percent) and {@code upload} (received, total) — none older than the
 * snapshot, none twice;</li>
 * <li>after a completed or failed state the server closes the socket with code 1000.</li>
 * </ol>
 * The client may send {@code {"type":"ping"}} (answered {@code {"type":"pong"}}) or
 * {@code {"type":"resync"}} for a fresh snapshot.
 */
public final class LiveSocket {
    static final short BAD_REQUEST = 1008;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final LiveHub hub;

    public LiveSocket(LiveHub hub) {
        this.hub = hub;
    }

    public void handle(Exchange exchange) {
        Message in = exchange.getMessage();
        String key = in.getHeader(SocketComponent.CONNECTION_KEY, String.class);
        SocketEvent event = in.getHeader(SocketComponent.EVENT, SocketEvent.class);
        if (key == null || event == null) {
            return;
        }
        switch (event) {
            case OPEN -> open(key, in.getHeader("id", String.class), in.getBody(ServerWebSocket.class));
            case MESSAGE -> message(key, in.getBody(String.class));
            case CLOSE -> hub.leave(key);
        }
    }

    private void open(String key, String videoId, ServerWebSocket socket) {
        if (socket == null) {
            return;
        }
        SocketPeer peer = new SocketPeer(socket);
        if (videoId == null || !ID.matcher(videoId).matches()) {
            peer.close(BAD_REQUEST, "not a video id");
            return;
        }
        hub.open(key, videoId, peer);
    }

    private void message(String key, String text) {
        switch (ClientMessage.parse(text)) {
            case PING -> hub.reply(key, Json.write(message("pong")));
            case RESYNC -> hub.resync(key);
            default -> {
                Map<String, Object> error = message("error");
                error.put("error", "unknown message; " + ClientMessage.HELP);
                hub.reply(key, Json.write(error));
            }
        }
    }

    private static Map<String, Object> message(String type) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", type);
        message.put("at", Instant.now().toString());
        return message;
    }
}
