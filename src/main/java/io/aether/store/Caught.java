package io.aether.store;

import org.apache.camel.Exchange;

/** The failure an error clause's predicate looks at: what the handler caught, else the exchange's own. */
final class Caught {
    private Caught() {
    }

    static Throwable of(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return caught == null ? exchange.getException() : caught;
    }
}
