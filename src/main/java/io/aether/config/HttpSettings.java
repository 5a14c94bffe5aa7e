package io.aether.config;

/**
 * The aether.http.* connection bounds (io.aether.web.ConnectionBounds).
 *
 * @param maxConnections connections per port; 0: half the open-file limit
 * @param managementPort the management port, which counts its connections apart
 */
record HttpSettings(long headTimeoutMs, long keepaliveIdleMs, long maxConnections, int managementPort) {
}
