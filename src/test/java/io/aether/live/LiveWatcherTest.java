package io.aether.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.aether.store.Video;
import org.junit.jupiter.api.Test;

class LiveWatcherTest {

    static LiveEvent event(String json) {
        return LiveEvent.parse(json);
    }

    static Snapshot snapshot(String status, int attempts, int progress) {
        return snapshot(Map.of("id", "v", "status", status, "attempts", Integer.toString(attempts),
                "progress", Integer.toString(progress)));
    }

    /** A snapshot of the record with this hash, shown as its id and status. */
    static Snapshot snapshot(Map<String, String> hash) {
        return Snapshot.of("v", Optional.of(Video.parse(hash)),
                v -> Map.of("id", v.id(), "status", v.status().wire()));
    }

    @Test
    void eventsDuringTheSnapshotWaitAndOnlyNewerOnesFollowIt() {
        FakePeer peer = new FakePeer();
        Watcher watcher = new Watcher("v", peer);
        long ticket = watcher.beginSync();
        watcher.offer(event("{\"type\":\"state\",\"status\":\"active\",\"attempts\":1}"));
        watcher.offer(event("{\"type\":\"progress\",\"percent\":20}"));
        watcher.offer(event("{\"type\":\"progress\",\"percent\":30}"));
        assertTrue(peer.sent.isEmpty(), "nothing before the snapshot");

        watcher.sync(ticket, snapshot("active", 1, 20));
        watcher.offer(event("{\"type\":\"progress\",\"percent\":45}"));

        assertEquals(3, peer.sent.size(), peer.sent.toString());
        assertTrue(peer.sent.get(0).contains("\"type\":\"snapshot\""));
        assertEquals("{\"type\":\"progress\",\"percent\":30}", peer.sent.get(1));
        assertEquals("{\"type\":\"progress\",\"percent\":45}", peer.sent.get(2));
        assertNull(peer.closeReason);
    }

    @Test
    void theTerminalStateIsTheLastMessageAndClosesTheSocket() {
        FakePeer peer = new FakePeer();
        Watcher watcher = new Watcher("v", peer);
        watcher.sync(watcher.beginSync(), snapshot("active", 1, 0));
        watcher.offer(event("{\"type\":\"state\",\"status\":\"failed\",\"attempts\":1,\"error\":\"bad\"}"));
        watcher.offer(event("{\"type\":\"progress\",\"percent\":99}"));
        assertEquals(2, peer.sent.size());
        assertTrue(peer.sent.get(1).contains("\"error\":\"bad\""));
        assertEquals(Watcher.DONE, peer.closeCode);
        assertTrue(watcher.done());
    }

    @Test
    void aFinishedSnapshotEndsTheStreamAtOnce() {
        FakePeer peer = new FakePeer();
        Watcher watcher = new Watcher("v", peer);
        long ticket = watcher.beginSync();
        watcher.offer(event("{\"type\":\"state\",\"status\":\"completed\",\"attempts\":1}"));
        watcher.sync(ticket, snapshot("completed", 1, 100));
        assertEquals(1, peer.sent.size(), "the completed event is in the snapshot already");
        assertEquals(Watcher.DONE, peer.closeCode);
    }

    @Test
    void anOlderSnapshotNeverOvertakesANewerOne() {
        FakePeer peer = new FakePeer();
        Watcher watcher = new Watcher("v", peer);
        long first = watcher.beginSync();
        long second = watcher.beginSync();
        watcher.sync(second, snapshot("active", 1, 50));
        watcher.offer(event("{\"type\":\"progress\",\"percent\":60}"));
        watcher.sync(first, snapshot("waiting", 0, 0));
        assertEquals(2, peer.sent.size(), peer.sent.toString());
        assertTrue(peer.sent.get(0).contains("\"status\":\"active\""));
    }

    /** The worker's playable news carries no attempts: it must not be taken for an old state. */
    @Test
    void thePlayableNewsOfAChunkedVideoReachesTheClient() {
        String playable = "{\"type\":\"state\",\"status\":\"active\",\"playable\":true,\"playlistUrl\":\"u\"}";
        FakePeer peer = new FakePeer();
        Watcher watcher = new Watcher("v", peer);
        watcher.sync(watcher.beginSync(), snapshot("active", 1, 0));
        watcher.offer(event(playable));
        watcher.offer(event(playable));
        watcher.offer(event("{\"type\":\"progress\",\"percent\":16}"));
        assertEquals(List.of("snapshot", playable, "{\"type\":\"progress\",\"percent\":16}"), peer.sent.stream()
                .map(json -> json.contains("snapshot") ? "snapshot" : json).toList());

        FakePeer late = new FakePeer();
        Watcher joining = new Watcher("v", late);
        long ticket = joining.beginSync();
        joining.offer(event(playable));
        joining.sync(ticket, snapshot(Map.of("id", "v", "status", "active", "attempts", "1",
                "progress", "16", "playable", "true")));
        assertEquals(1, late.sent.size(), "the snapshot says playable already: " + late.sent);
    }

    @Test
    void aMissingRecordIsANullVideo() {
        FakePeer peer = new FakePeer();
        Watcher watcher = new Watcher("v", peer);
        watcher.sync(watcher.beginSync(), Snapshot.of("v", Optional.empty(), v -> Map.of()));
        watcher.offer(event("{\"type\":\"upload\",\"received\":10,\"total\":20}"));
        watcher.offer(event("{\"type\":\"state\",\"status\":\"waiting\",\"attempts\":0}"));
        assertEquals(List.of("snapshot", "upload", "state"), peer.sent.stream()
                .map(json -> LiveEvent.parse(json).type()).toList());
        assertTrue(peer.sent.get(0).contains("\"video\":null"));
    }
}
