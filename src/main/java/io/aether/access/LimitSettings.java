package io.aether.access;

import org.apache.camel.CamelContext;

/**
 * The aether.limits.* settings: what one API key may upload.
 *
 * @param concurrentUploads upload bodies one key may send at once, over all replicas
 * @param uploadBytesPerHour upload bytes one key may send per clock hour
 * @param slotLeaseMs how long a dead replica's upload slot stays taken; live ones are renewed
 */
public record LimitSettings(int concurrentUploads, long uploadBytesPerHour, long slotLeaseMs) {

    public static LimitSettings from(CamelContext context) {
        Lookup p = key -> Long.parseLong(context.getPropertiesComponent().resolveProperty("aether.limits." + key)
                .map(String::trim).orElseThrow(() -> new IllegalStateException("aether.limits." + key + " is not set")));
        return new LimitSettings((int) p.get("concurrent-uploads"), p.get("upload-bytes-per-hour"),
                p.get("slot-lease-ms"));
    }

    private interface Lookup {
        long get(String key);
    }
}
