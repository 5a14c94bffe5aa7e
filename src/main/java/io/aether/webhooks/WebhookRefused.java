package io.aether.webhooks;

import io.aether.errors.InvalidRequest;

/** A webhook URL the policy does not allow: an invalid request when it is set, a failed attempt when delivering. */
public final class WebhookRefused extends InvalidRequest {
    public WebhookRefused(String reason) {
        super(reason);
    }
}
