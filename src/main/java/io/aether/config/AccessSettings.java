package io.aether.config;

/**
 * Secrets and keys of the API.
 *
 * @param playbackSecret signs playlist URLs; without one the API starts only in dev mode
 * @param dev development mode (scripts/dev)
 * @param adminKey the key that manages API keys; empty: none
 * @param ticketSecret signs live-socket tickets; empty: a secret shared through Redis
 * @param ticketTtlSeconds how long a ticket opens a socket
 */
record AccessSettings(String playbackSecret, boolean dev, String adminKey, String ticketSecret, long ticketTtlSeconds) {
}
