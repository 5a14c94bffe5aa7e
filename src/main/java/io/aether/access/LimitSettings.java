package io.aether.access;

/**
 * The aether.limits.* settings: what one API key may upload.
 *
 * @param concurrentUploads upload bodies one key may send at once, over all replicas
 * @param uploadBytesPerHour upload bytes one key may send per clock hour
 * @param slotLeaseMs how long a dead replica's upload slot stays taken; live ones are renewed
 */
public record LimitSettings(int concurrentUploads, long uploadBytesPerHour, long slotLeaseMs) {
}
