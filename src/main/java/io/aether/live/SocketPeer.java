package io.aether.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A Vert.x server WebSocket as a {@link Peer}; Vert.x queues writes in call order. */
final class SocketPeer implements Peer {
    private static final Logger LOG = LoggerFactory.getLogger(SocketPeer.class);
    private static final Buffer PING = Buffer.buffer("aether");

    private final ServerWebSocket socket;

    SocketPeer(ServerWebSocket socket) {
        this.socket = socket;
    }

    @Override
    public void send(String text) {
        if (!socket.isClosed()) {
            socket.writeTextMessage(text).onFailure(e -> LOG.debug("A live event was not sent: {}", e.toString()));
        }
    }

    @Override
    public void ping() {
        if (!socket.isClosed()) {
            socket.writePing(PING);
        }
    }

    @Override
    public void close(short code, String reason) {
        if (!socket.isClosed()) {
            socket.close(code, reason);
        }
    }

    @Override
    public boolean isOpen() {
        return !socket.isClosed();
    }
}
