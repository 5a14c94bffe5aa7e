package io.aether.live;

import java.util.ArrayList;
import java.util.List;

/**
 * One WebSocket watching one video. Events that arrive while a snapshot is being read wait in a
 * buffer; the snapshot goes out first, then whatever in the buffer is newer than it, then live
 * events as they come, each passed through {@link EventOrder}. After a finished video's last
 * event the socket is closed normally.
 */
final class Watcher {
    static final short DONE = 1000;

    private final String videoId;
    private final Peer peer;
    private final EventOrder order = new EventOrder();
    private List<LiveEvent> pending = new ArrayList<>();
    private long syncs;
    private boolean done;

    Watcher(String videoId, Peer peer) {
        this.videoId = videoId;
        this.peer = peer;
    }

    String videoId() {
        return videoId;
    }

    Peer peer() {
        return peer;
    }

    /** Starts holding events back for a snapshot; only the latest ticket's snapshot is sent. */
    synchronized long beginSync() {
        if (pending == null) {
            pending = new ArrayList<>();
        }
        return ++syncs;
    }

    /** Sends the snapshot read for this ticket, then the held-back events that are newer. */
    synchronized void sync(long ticket, Snapshot snapshot) {
        if (done || ticket != syncs) {
            // a later sync read a newer snapshot, which goes out instead
            return;
        }
        order.reset(snapshot.status(), snapshot.attempts(), snapshot.progress(), snapshot.playable(),
                snapshot.revision());
        peer.send(snapshot.json());
        List<LiveEvent> held = pending;
        pending = null;
        if (finishIfOver()) {
            return;
        }
        for (LiveEvent event : held) {
            forward(event);
        }
    }

    synchronized void offer(LiveEvent event) {
        if (done) {
            return;
        }
        if (pending != null) {
            pending.add(event);
        } else {
            forward(event);
        }
    }

    synchronized void reply(String text) {
        if (!done) {
            peer.send(text);
        }
    }

    synchronized boolean done() {
        return done;
    }

    private void forward(LiveEvent event) {
        if (!done && order.accept(event)) {
            peer.send(event.json());
            finishIfOver();
        }
    }

    private boolean finishIfOver() {
        if (order.finished() && !done) {
            done = true;
            peer.close(DONE, "video finished");
        }
        return done;
    }
}
