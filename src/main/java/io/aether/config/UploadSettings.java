package io.aether.config;

/**
 * The aether.upload.* settings both upload paths share, and the multipart POST's own.
 *
 * @param partSize the size of a part, and of the buffers they fill
 * @param bufferBytes all part buffers of the replica together; 0: half the heap
 * @param bufferWaitMs how long an upload waits for a buffer before 503
 * @param partsInFlight parts of one POST on their way to the store while the next one fills
 * @param idleTimeoutMs a POST's client that sends nothing this long is cut off
 * @param multipartMaxAgeMs an open multipart upload of the raw bucket older than this is swept
 */
record UploadSettings(long partSize, long bufferBytes, long bufferWaitMs, int partsInFlight, long idleTimeoutMs,
        long multipartMaxAgeMs) {
}
