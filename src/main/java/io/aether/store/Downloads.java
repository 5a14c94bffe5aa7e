package io.aether.store;

import java.time.Instant;
import java.util.UUID;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The downloads of a video, kept in its record ({@link Download}) so that they go with it when
 * it is deleted and every write finds nothing once it is. Each change is one script: a request
 * queues a job only once per rendition, and the ready mark stores its webhook in the same step.
 */
public final class Downloads {
    /** A request: "new" when a job is to be queued, else the download's status as it stands. */
    private static final String REQUEST = """
            local status = redis.call('HGET', KEYS[1], 'status')
            if not status then return 'missing' end
            if status ~= 'completed' then return 'video:' .. status end
            local now = redis.call('HGET', KEYS[1], ARGV[1])
            if now then
              local state = string.match(now, '^[a-z]+')
              if state == 'waiting' or state == 'active' or state == 'ready' then return state end
            end
            redis.call('HSET', KEYS[1], ARGV[1], 'waiting', 'updatedAt', ARGV[2])
            return 'new'
            """;

    /** A worker takes a waiting (or retried) download; anything else is not its to make. */
    private static final String START = """
            local now = redis.call('HGET', KEYS[1], ARGV[1])
            if now ~= 'waiting' and now ~= 'active' then return 0 end
            redis.call('HSET', KEYS[1], ARGV[1], 'active', 'updatedAt', ARGV[2])
            return 1
            """;

    private static final String FAIL = """
            if not redis.call('HGET', KEYS[1], ARGV[1]) then return 0 end
            redis.call('HSET', KEYS[1], ARGV[1], 'failed:' .. ARGV[2], 'updatedAt', ARGV[3])
            return 1
            """;

    /** Ready, with its video.download.ready webhook; the delivery names the rendition. */
    private static final String READY = """
            if not redis.call('HGET', KEYS[1], ARGV[1]) then return 0 end
            redis.call('HSET', KEYS[1], ARGV[1], 'ready', 'updatedAt', ARGV[2])
            if ARGV[3] ~= '' then
              webhook(KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[1], ARGV[4], 'video.download.ready', ARGV[3], ARGV[5], ARGV[2])
              if redis.call('EXISTS', KEYS[5]) == 1 then redis.call('HSET', KEYS[5], 'download', ARGV[6]) end
            end
            return 1
            """;

    /** The rendition that is the sound alone, an M4A. */
    public static final String AUDIO = "audio";
    /** The highest rung, whichever it is. */
    public static final String HIGHEST = "highest";

    private final RedisCommands<String, String> redis;
    private final WebhookScript webhooks;
    private final String ready;

    public Downloads(RedisCommands<String, String> redis, WebhookScript webhooks) {
        this.redis = redis;
        this.webhooks = webhooks;
        this.ready = webhooks.function() + READY;
    }

    /** What a request found; {@code queue} when a job is to be queued for it. */
    public record Requested(boolean missing, String videoStatus, String status, boolean queue) {
    }

    public Requested request(String id, String rendition) {
        String answer = redis.eval(REQUEST, ScriptOutputType.VALUE, new String[] {VideoStore.key(id)},
                Download.FIELD + rendition, Instant.now().toString());
        if ("missing".equals(answer)) {
            return new Requested(true, null, null, false);
        }
        if (answer.startsWith("video:")) {
            return new Requested(false, answer.substring("video:".length()), null, false);
        }
        boolean queue = "new".equals(answer);
        return new Requested(false, "completed", queue ? "waiting" : answer, queue);
    }

    /** @return whether this worker is to make it (it is waiting, or its earlier attempt failed on the way) */
    public boolean start(String id, String rendition) {
        return one(redis.eval(START, ScriptOutputType.INTEGER, new String[] {VideoStore.key(id)},
                Download.FIELD + rendition, Instant.now().toString()));
    }

    public boolean fail(String id, String rendition, String reason) {
        return one(redis.eval(FAIL, ScriptOutputType.INTEGER, new String[] {VideoStore.key(id)},
                Download.FIELD + rendition, reason.replace('\n', ' '), Instant.now().toString()));
    }

    /** @return false when the video went meanwhile */
    public boolean ready(String id, String rendition) {
        String owner = redis.hget(VideoStore.key(id), Video.OWNER);
        owner = owner == null ? "" : owner;
        String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
        return one(redis.eval(ready, ScriptOutputType.INTEGER, new String[] {VideoStore.key(id),
                webhooks.hookKey(owner), webhooks.dueKey(), webhooks.logKey(owner), webhooks.deliveryKey(eventId)},
                Download.FIELD + rendition, Instant.now().toString(), owner, eventId,
                Long.toString(System.currentTimeMillis()), rendition));
    }

    /** The download's file name: an MP4, or an M4A for the audio. */
    public static String file(String rendition) {
        return rendition + (AUDIO.equals(rendition) ? ".m4a" : ".mp4");
    }

    /** Where it is stored: under the video's prefix in the processed bucket, so it goes with the video. */
    public static String object(String id, String rendition) {
        return id + "/downloads/" + file(rendition);
    }

    private static boolean one(Object result) {
        return result instanceof Long n && n == 1L;
    }
}
