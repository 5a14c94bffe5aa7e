package io.aether.webhooks;

import io.aether.http.ApiException;

/** A webhook URL the policy does not allow: 400 when it is set, a failed attempt when delivering. */
public final class WebhookRefused extends ApiException {
    public WebhookRefused(String reason) {
        super(400, reason);
    }
}
