package io.aether.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** What clients send and what the services publish, as the live endpoint reads them. */
class LiveMessagesTest {

    @Test
    void clientMessages() {
        assertEquals(ClientMessage.PING, ClientMessage.parse("ping"));
        assertEquals(ClientMessage.PING, ClientMessage.parse(" {\"type\":\"ping\"} "));
        assertEquals(ClientMessage.RESYNC, ClientMessage.parse("{\"type\":\"resync\"}"));
        assertEquals(ClientMessage.UNKNOWN, ClientMessage.parse("{\"type\":\"subscribe\"}"));
        assertEquals(ClientMessage.UNKNOWN, ClientMessage.parse("{\"type\":"));
        assertEquals(ClientMessage.UNKNOWN, ClientMessage.parse("hello"));
        assertEquals(ClientMessage.UNKNOWN, ClientMessage.parse(""));
        assertEquals(ClientMessage.UNKNOWN, ClientMessage.parse(null));
        assertEquals(ClientMessage.UNKNOWN, ClientMessage.parse("{\"type\":\"ping\",\"x\":\"" + "a".repeat(2000) + "\"}"));
    }

    @Test
    void publishedEvents() {
        LiveEvent state = LiveEvent.parse("{\"type\":\"state\",\"videoId\":\"v1\",\"at\":\"t\",\"status\":\"failed\","
                + "\"attempts\":2,\"error\":\"why\"}");
        assertEquals("state", state.type());
        assertEquals("v1", state.videoId());
        assertEquals("failed", state.status());
        assertEquals(2, state.attempts());
        assertEquals(-1, state.percent());
        LiveEvent progress = LiveEvent.parse("{\"type\":\"progress\",\"videoId\":\"v1\",\"percent\":42}");
        assertEquals(42, progress.percent());
        assertNull(progress.status());
        LiveEvent upload = LiveEvent.parse("{\"type\":\"upload\",\"videoId\":\"v1\",\"received\":12345678901,\"total\":2}");
        assertEquals(12345678901L, upload.received());
        assertThrows(IllegalArgumentException.class, () -> LiveEvent.parse("[1]"));
        assertThrows(IllegalArgumentException.class, () -> LiveEvent.parse("{\"percent\":1}"));
        assertThrows(IllegalArgumentException.class, () -> LiveEvent.parse("nope"));
    }
}
