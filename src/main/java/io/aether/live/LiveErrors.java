package io.aether.live;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

import io.vertx.core.http.HttpClosedException;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors of the WebSocket consumer. A client that goes away without a close frame (a closed
 * tab, a dropped network) is routine and logged at debug; the socket's close still reaches the hub.
 */
public final class LiveErrors implements ExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(LiveErrors.class);

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        if (gone(exception)) {
            LOG.debug("A live client went away: {}", exception.toString());
        } else {
            LOG.warn("Live WebSocket error{}", message == null ? "" : " (" + message + ")", exception);
        }
    }

    static boolean gone(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof HttpClosedException || t instanceof ClosedChannelException
                    || (t instanceof IOException && String.valueOf(t.getMessage()).contains("Connection reset"))) {
                return true;
            }
        }
        return false;
    }
}
