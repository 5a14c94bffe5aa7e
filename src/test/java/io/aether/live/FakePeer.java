package io.aether.live;

import java.util.ArrayList;
import java.util.List;

/** Records what the hub sent to a socket. */
final class FakePeer implements Peer {
    final List<String> sent = new ArrayList<>();
    short closeCode;
    String closeReason;
    int pings;

    @Override
    public void send(String text) {
        if (closeReason != null) {
            throw new AssertionError("sent after close: " + text);
        }
        sent.add(text);
    }

    @Override
    public void ping() {
        pings++;
    }

    @Override
    public void close(short code, String reason) {
        closeCode = code;
        closeReason = reason;
    }

    @Override
    public boolean isOpen() {
        return closeReason == null;
    }
}
