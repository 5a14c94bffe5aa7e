package io.aether.live;

/** The client end of one WebSocket, as the hub needs it. */
public interface Peer {
    void send(String text);

    /** A WebSocket ping frame, so idle connections stay open through proxies. */
    void ping();

    void close(short code, String reason);

    boolean isOpen();
}
