package io.aether.live;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.aether.Json;
import io.aether.events.Events;
import io.aether.store.Video;
import io.lettuce.core.RedisClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans the Redis channels {@code aether:events:ID} out to this API replica's WebSockets.
 *
 * <p>{@link LiveChannels} subscribes a video's channel while at least one socket watches it. A new watcher is subscribed before its snapshot is read, so no event
 * falls between the two; {@link Watcher} then drops what the snapshot already covers. Redis
 * hands one connection's messages over in the order it published them, on one thread, so each
 * video's events reach its sockets in order. After a reconnect to Redis every watcher gets a
 * fresh snapshot, since events published meanwhile were lost.
 */
public final class LiveHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);
    static final short UNAVAILABLE = 1011;
    private static final long SUBSCRIBE_TIMEOUT_MS = 10_000;
    private static final long HEARTBEAT_SECONDS = 25;

    private final Function<String, Optional<Video>> videos;
    private final Function<Video, Map<String, Object>> view;
    /** The signed playlist URL of a video, for the events that name one. */
    private final Function<String, String> playlistUrl;
    private final Map<String, Watcher> watchers = new ConcurrentHashMap<>();
    private final LiveChannels channels;
    private final ScheduledExecutorService timer;

    /**
     * @param videos the record of a video, if it exists
     * @param view a record as the status API shows it
     * @param timer heartbeats and resubscriptions; Camel's, named and stopped with the context
     */
    public LiveHub(RedisClient client, Function<String, Optional<Video>> videos,
            Function<Video, Map<String, Object>> view, Function<String, String> playlistUrl,
            ScheduledExecutorService timer) {
        this.timer = timer;
        this.playlistUrl = playlistUrl;
        this.videos = videos;
        this.view = view;
        this.channels = new LiveChannels(client, this::deliver, () -> timer.execute(this::reconnected));
        timer.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    /** Watches a video for a new socket: subscribe, snapshot, then live events. */
    public void open(String key, String videoId, Peer peer) {
        Watcher watcher = new Watcher(videoId, peer);
        watchers.put(key, watcher);
        long ticket = watcher.beginSync();
        try {
            channels.join(watcher).get(SUBSCRIBE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("Could not subscribe to the events of video {}: {}", videoId, e.toString());
            peer.close(UNAVAILABLE, "live events are unavailable");
            leave(key);
            return;
        }
        if (!peer.isOpen()) {
            // the socket closed while we subscribed, perhaps before its open was handled
            leave(key);
            return;
        }
        snapshot(key, watcher, ticket);
    }

    /** Sends the socket a fresh snapshot, then the events after it. */
    public void resync(String key) {
        Watcher watcher = watchers.get(key);
        if (watcher != null) {
            snapshot(key, watcher, watcher.beginSync());
        }
    }

    public void reply(String key, String text) {
        Watcher watcher = watchers.get(key);
        if (watcher != null) {
            watcher.reply(text);
        }
    }

    /** Reads the record and sends it; a socket that cannot get its snapshot is closed. */
    private void snapshot(String key, Watcher watcher, long ticket) {
        try {
            watcher.sync(ticket, Snapshot.of(watcher.videoId(), videos.apply(watcher.videoId()), view));
        } catch (RuntimeException e) {
            LOG.warn("Could not read video {} for a subscriber: {}", watcher.videoId(), e.toString());
            watcher.peer().close(UNAVAILABLE, "live events are unavailable");
            leave(key);
        }
    }

    /** Forgets a socket; the channel is unsubscribed when nobody on this replica watches it. */
    public void leave(String key) {
        Watcher watcher = watchers.remove(key);
        if (watcher == null) {
            return;
        }
        channels.leave(watcher);
    }

    /** How many sockets this replica serves. */
    public int watching() {
        return watchers.size();
    }

    private void deliver(String channel, String message) {
        List<Watcher> targets = channels.watchers(channel);
        if (targets.isEmpty()) {
            return;
        }
        LiveEvent event;
        try {
            event = LiveEvent.parse(withPlaylistUrl(message));
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring a malformed event on {}: {}", channel, e.getMessage());
            return;
        }
        for (Watcher watcher : targets) {
            watcher.offer(event);
        }
    }

    /**
     * A worker's event names the playlist without a token; clients get a signed one. It is made
     * without asking Redis (this runs on the connection's event thread), so a public video's
     * event carries a signed URL too, which plays as well as its public one.
     */
    private String withPlaylistUrl(String message) {
        if (!message.contains("\"playlistUrl\"")) {
            return message;
        }
        try {
            com.fasterxml.jackson.databind.node.ObjectNode node =
                    (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(message);
            node.put("playlistUrl", playlistUrl.apply(node.path("videoId").asText("")));
            return Json.MAPPER.writeValueAsString(node);
        } catch (java.io.IOException | ClassCastException e) {
            return message; // not an event object: parse refuses it
        }
    }

    /** Events published while the connection was down are lost: resubscribe, then snapshot again. */
    private void reconnected() {
        if (channels.isClosed() || watchers.isEmpty()) {
            return;
        }
        Map<String, Map<String, Watcher>> byChannel = new HashMap<>();
        watchers.forEach((key, watcher) -> byChannel
                .computeIfAbsent(Events.channel(watcher.videoId()), c -> new HashMap<>()).put(key, watcher));
        LOG.info("Reconnected to Redis: refreshing {} live channel(s)", byChannel.size());
        byChannel.forEach((channel, joined) -> {
            Map<String, Long> tickets = new HashMap<>();
            joined.forEach((key, watcher) -> tickets.put(key, watcher.beginSync()));
            try {
                channels.resubscribe(channel, SUBSCRIBE_TIMEOUT_MS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.warn("Could not resubscribe to {}: {}", channel, e.toString());
            }
            joined.forEach((key, watcher) -> snapshot(key, watcher, tickets.get(key)));
        });
    }

    private void heartbeat() {
        try {
            watchers.forEach((key, watcher) -> {
                if (!watcher.peer().isOpen()) {
                    leave(key);
                } else {
                    watcher.peer().ping();
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Live heartbeat failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        channels.close(); // first: no socket joins from now on
        timer.shutdownNow();
        watchers.values().forEach(w -> w.peer().close(UNAVAILABLE, "server stopping"));
        watchers.clear();
    }
}
