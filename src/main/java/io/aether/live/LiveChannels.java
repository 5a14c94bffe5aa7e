package io.aether.live;

import java.net.SocketAddress;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import io.aether.events.Events;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * The replica's one Redis pub/sub connection, made on first use, and which watchers each subscribed
 * channel has: a video's channel is subscribed while at least one of its sockets is here. Redis hands
 * the connection's messages over in the order it published them, on one thread.
 */
final class LiveChannels {
    private final RedisClient client;
    /** Each message, with its channel, on the connection's thread. */
    private final BiConsumer<String, String> messages;
    /** After the connection came back: what was published meanwhile is lost. */
    private final Runnable reconnected;
    private final Map<String, Channel> channels = new HashMap<>();
    private StatefulRedisPubSubConnection<String, String> pubsub;
    private boolean closed;

    LiveChannels(RedisClient client, BiConsumer<String, String> messages, Runnable reconnected) {
        this.client = client;
        this.messages = messages;
        this.reconnected = reconnected;
    }

    /** Adds the watcher to its video's channel; completes once the channel is subscribed. */
    synchronized RedisFuture<Void> join(Watcher watcher) {
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

    /** Takes the watcher off its channel, unsubscribed once nobody here watches it. */
    synchronized void leave(Watcher watcher) {
        String channel = Events.channel(watcher.videoId());
        Channel joined = channels.get(channel);
        if (joined != null && joined.watchers.remove(watcher) && joined.watchers.isEmpty()) {
            channels.remove(channel);
            if (pubsub != null && !closed) {
                pubsub.async().unsubscribe(channel);
            }
        }
    }

    /** The channel's watchers now; none for a channel left meanwhile. */
    synchronized List<Watcher> watchers(String channel) {
        Channel joined = channels.get(channel);
        return joined == null ? List.of() : List.copyOf(joined.watchers);
    }

    /** Confirms the resubscription Lettuce sent on reconnecting. */
    void resubscribe(String channel, long timeoutMs) throws Exception {
        StatefulRedisPubSubConnection<String, String> connection;
        synchronized (this) {
            connection = pubsub;
        }
        connection.async().subscribe(channel).get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    synchronized boolean isClosed() {
        return closed;
    }

    synchronized void close() {
        closed = true;
        channels.clear();
        if (pubsub != null) {
            pubsub.close();
        }
    }

    private StatefulRedisPubSubConnection<String, String> connection() {
        if (pubsub == null) {
            StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub();
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    messages.accept(channel, message);
                }
            });
            client.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                    if (handler == connection) {
                        reconnected.run();
                    }
                }
            });
            pubsub = connection;
        }
        return pubsub;
    }

    private static final class Channel {
        final RedisFuture<Void> subscribed;
        final Set<Watcher> watchers = new LinkedHashSet<>();

        Channel(RedisFuture<Void> subscribed) {
            this.subscribed = subscribed;
        }
    }
}
