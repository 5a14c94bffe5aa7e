package io.aether.tus;

import io.aether.http.MinimumRate;

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

    public String location(String id) {
        return publicUrl + "/files/" + id;
    }
}
