package io.aether.config;

/**
 * The aether.webhook.* settings (docs/webhooks.md).
 *
 * @param allowNetworks private networks a webhook may still be sent to; empty: none
 * @param timeoutMs one delivery's whole request
 * @param retryDelayMs the first wait before a failed delivery is tried again, doubling up to {@code maxRetryDelayMs}
 * @param retryForMs how long a delivery is tried at most
 * @param rotationWindowMs how long a rotated secret still signs beside the new one
 */
record WebhookSettings(String allowNetworks, long timeoutMs, long retryDelayMs, long maxRetryDelayMs, long retryForMs,
        long rotationWindowMs) {
}
