package io.aether.http;

/** What happened on a socket of a {@code websocket:} route, in {@link SocketComponent#EVENT}. */
public enum SocketEvent {
    /** The client upgraded; the body is the {@code ServerWebSocket}, path parameters are headers. */
    OPEN,
    /** A text message arrived; the body is its text. */
    MESSAGE,
    /** The socket closed, by either side. */
    CLOSE
}
