package io.aether.tus;

import io.aether.Settings;
import io.aether.http.MinimumRate;
import org.apache.camel.CamelContext;

/**
 * The aether.tus.* settings; the size limit (Tus-Max-Size) is the API's aether.max-upload-bytes.
 *
 * @param expiryMs an unfinished upload untouched this long expires (renewed by every PATCH)
 * @param lockMs the lease of the per-upload lock; a dead replica's lock frees itself after this
 * @param sweepMs how often each API replica looks for expired and half-finished uploads
 * @param keepMs how long a finished or expired upload's small record still answers HEAD and PATCH
 * @param maxWriters how many PATCH bodies this replica holds in memory at once; more are told to retry (503).
 *     How many bodies are read at all is bounded before the route runs, by io.aether.web.UploadGate
 * @param minimumRate a body arriving slower than this is cut off, keeping what arrived
 * @param partsInFlight parts of one PATCH on their way to the object store while the next one fills
 */
public record TusSettings(String publicUrl, String rawBucket, long maxSize, long partSize, long expiryMs,
        long lockMs, long sweepMs, long keepMs, long idleTimeoutMs, int maxWriters, MinimumRate minimumRate,
        int partsInFlight) {

    public static TusSettings from(CamelContext context, Settings settings) {
        Lookup p = key -> Long.parseLong(context.getPropertiesComponent().resolveProperty("aether.tus." + key)
                .map(String::trim).orElseThrow(() -> new IllegalStateException("aether.tus." + key + " is not set")));
        long partSize = Math.max(TusRules.MIN_PART_SIZE, p.get("part-size"));
        int inFlight = (int) Math.max(1, p.get("parts-in-flight"));
        return new TusSettings(settings.publicUrl(), settings.rawBucket(), settings.maxUploadBytes(), partSize,
                p.get("expiry-ms"), p.get("lock-ms"), p.get("sweep-ms"), p.get("keep-ms"), p.get("idle-timeout-ms"),
                TusRules.maxWriters((int) p.get("max-writers"), Runtime.getRuntime().maxMemory()),
                settings.uploadRate(), inFlight);
    }

    public String location(String id) {
        return publicUrl + "/files/" + id;
    }

    private interface Lookup {
        long get(String key);
    }
}
