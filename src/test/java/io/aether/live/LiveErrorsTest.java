package io.aether.live;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

import io.vertx.core.http.HttpClosedException;
import org.junit.jupiter.api.Test;

class LiveErrorsTest {

    @Test
    void aClientGoingAwayIsNoWarning() {
        assertTrue(LiveErrors.gone(new HttpClosedException("Connection was closed")));
        assertTrue(LiveErrors.gone(new RuntimeException(new ClosedChannelException())));
        assertTrue(LiveErrors.gone(new IOException("Connection reset by peer")));
        assertFalse(LiveErrors.gone(new IllegalStateException("boom")));
        assertFalse(LiveErrors.gone(new IOException("disk full")));
        assertFalse(LiveErrors.gone(null));
    }
}
