package io.aether.config;

/**
 * How long a call to Redis or MinIO may take before the request that made it gives up (503)
 * instead of hanging through an outage.
 *
 * @param redisMs every Redis command; the job queue's blocking read gets its block time on top
 * @param minioMs connecting to MinIO, and each read or write of a request-path call (playback, a tus creation)
 * @param stallMs how long an upload part may go without progress (sending, the answer) before its request
 *        answers 503; a stalled part is not tried again, its client resumes
 * @param minioTransferMs each single read or write of an upload or a download; OkHttp applies it
 *        per socket operation, not to the whole transfer, so big objects are not cut off
 * @param healthMs the whole backing-services health check, so a probe hears DOWN well within 2 s
 */
record Timeouts(long redisMs, long minioMs, long stallMs, long minioTransferMs, long healthMs) {
}
