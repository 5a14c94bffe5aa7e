package io.aether.live;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.aether.Json;
import io.aether.events.Events;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans the Redis channels {@code aether:events:ID} out to this API replica's WebSockets.
 *
 * <p>One Redis pub/sub connection per replica, subscribed to a video's channel while at least
 * one socket watches it. A new watcher is subscribed before its snapshot is read, so no event
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

    private final RedisClient client;
    private final Function<String, Optional<Map<String, Object>>> videos;
    /** The signed playlist URL of a video, for the events that name one. */
    private final Function<String, String> playlistUrl;
    private final Map<String, Watcher> watchers = new ConcurrentHashMap<>();
    private final Map<String, Channel> channels = new HashMap<>();
    private final ScheduledExecutorService timer;
    private StatefulRedisPubSubConnection<String, String> pubsub;
    private boolean closed;

    /**
     * @param videos the record of a video as the status API shows it, if it exists
     * @param timer heartbeats and resubscriptions; Camel's, named and stopped with the context
     */
    public LiveHub(RedisClient client, Function<String, Optional<Map<String, Object>>> videos,
            Function<String, String> playlistUrl, ScheduledExecutorService timer) {
        this.timer = timer;
        this.playlistUrl = playlistUrl;
        this.client = client;
        this.videos = videos;
        timer.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    /** Watches a video for a new socket: subscribe, snapshot, then live events. */
    public void open(String key, String videoId, Peer peer) {
        Watcher watcher = new Watcher(videoId, peer);
        watchers.put(key, watcher);
        long ticket = watcher.beginSync();
        try {
            join(watcher).get(SUBSCRIBE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
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
            watcher.sync(ticket, Snapshot.of(watcher.videoId(), videos.apply(watcher.videoId())));
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
        String channel = Events.channel(watcher.videoId());
        synchronized (this) {
            Channel joined = channels.get(channel);
            if (joined != null && joined.watchers.remove(watcher) && joined.watchers.isEmpty()) {
                channels.remove(channel);
                if (pubsub != null && !closed) {
                    pubsub.async().unsubscribe(channel);
                }
            }
        }
    }

    /** How many sockets this replica serves. */
    public int watching() {
        return watchers.size();
    }

    private synchronized RedisFuture<Void> join(Watcher watcher) {
        if (closed) {
            throw new IllegalStateException("the live hub is closed");
        }
        String channel = Events.channel(watcher.videoId());
        Channel joined = channels.get(channel);
        if (joined == null) {
            joined = new Channel(connection().async().subscribe(channel));
            channels.put(channel, joined);
        }
        joined.watchers.add(watcher);
        return joined.subscribed;
    }

    private StatefulRedisPubSubConnection<String, String> connection() {
        if (pubsub == null) {
            StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub();
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    deliver(channel, message);
                }
            });
            client.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                    if (handler == connection) {
                        timer.execute(LiveHub.this::reconnected);
                    }
                }
            });
            pubsub = connection;
        }
        return pubsub;
    }

    private void deliver(String channel, String message) {
        List<Watcher> targets;
        synchronized (this) {
            Channel joined = channels.get(channel);
            if (joined == null) {
                return;
            }
            targets = new ArrayList<>(joined.watchers);
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
        if (isClosed() || watchers.isEmpty()) {
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
                // confirms the resubscription Lettuce sent on reconnecting
                pubsub.async().subscribe(channel).get(SUBSCRIBE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.warn("Could not resubscribe to {}: {}", channel, e.toString());
            }
            joined.forEach((key, watcher) -> snapshot(key, watcher, tickets.get(key)));
        });
    }

    private synchronized boolean isClosed() {
        return closed;
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
        synchronized (this) {
            closed = true;
        }
        timer.shutdownNow();
        watchers.values().forEach(w -> w.peer().close(UNAVAILABLE, "server stopping"));
        watchers.clear();
        synchronized (this) {
            channels.clear();
            if (pubsub != null) {
                pubsub.close();
            }
        }
    }

    private static final class Channel {
        final RedisFuture<Void> subscribed;
        final Set<Watcher> watchers = new LinkedHashSet<>();

        Channel(RedisFuture<Void> subscribed) {
            this.subscribed = subscribed;
        }
    }
}
