package io.aether.config;

import org.apache.camel.support.service.ServiceSupport;

/** Closes what a configuration opened, when Camel stops its services (added with context.addService). */
final class OnStop extends ServiceSupport {
    private final Runnable close;

    OnStop(Runnable close) {
        this.close = close;
    }

    @Override
    protected void doStop() {
        close.run();
    }
}
