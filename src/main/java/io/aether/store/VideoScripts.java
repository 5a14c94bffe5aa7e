package io.aether.store;

/**
 * The Lua scripts that change a video's record in one step each. The two that end in webhooks call
 * {@code webhook(...)}, which the store defines before them from its {@link WebhookScript}.
 */
final class VideoScripts {
    /**
     * A state change: lands only while the record is in a state the event may leave (and, with a worker
     * given, while that worker owns the job), and counts states, attempts and revisions with it.
     */
    static final String TRANSITION = """
            local status = redis.call('HGET', KEYS[1], 'status')
            if not status then return {-1, 0, 0} end
            local owner = redis.call('HGET', KEYS[1], 'worker') or ''
            if ARGV[1] ~= '' and owner ~= ARGV[1] then return {-2, 0, 0} end
            for _, allowed in ipairs(cjson.decode(ARGV[2])) do
              if status == allowed then
                local fields = cjson.decode(ARGV[3])
                for k, v in pairs(fields) do redis.call('HSET', KEYS[1], k, v) end
                redis.call('HINCRBY', KEYS[2], status, -1)
                redis.call('HINCRBY', KEYS[2], fields['status'], 1)
                if ARGV[4] ~= '0' then redis.call('HINCRBY', KEYS[1], 'attempts', tonumber(ARGV[4])) end
                -- grows with every change, uncounted ones too (a hand-back), so watchers can order them
                local revision = redis.call('HINCRBY', KEYS[1], 'revision', 1)
                local to = fields['status']
                -- a single pass is ready when it completes; a chunked video was when it became playable
                local ready = to == 'completed' and redis.call('HGET', KEYS[1], 'playable') ~= 'true'
                if ready then redis.call('HSET', KEYS[1], 'playable', 'true') end
                -- a chunked video's part state ends with the video's transcode, in this same step
                if to == 'completed' or to == 'failed' then redis.call('DEL', KEYS[8]) end
                if ARGV[5] ~= '' and (to == 'completed' or to == 'failed') then
                  if ready then
                    webhook(KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[1], ARGV[6], 'video.ready', ARGV[5], ARGV[8], ARGV[10])
                  end
                  webhook(KEYS[3], KEYS[4], KEYS[5], KEYS[7], KEYS[1], ARGV[7], 'video.' .. to, ARGV[5], ARGV[9], ARGV[10])
                end
                return {1, tonumber(redis.call('HGET', KEYS[1], 'attempts')), revision}
              end
            end
            return {0, 0, 0}
            """;

    static final String PROGRESS = """
            if redis.call('HGET', KEYS[1], 'status') ~= 'active' then return 0 end
            if ARGV[1] ~= '' and redis.call('HGET', KEYS[1], 'worker') ~= ARGV[1] then return 0 end
            redis.call('HSET', KEYS[1], 'progress', ARGV[2], 'updatedAt', ARGV[3])
            return 1
            """;

    /** Writes fields only while the record exists: a worker's late write must not bring back a deleted video. */
    static final String UPDATE = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            for i = 1, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            return 1
            """;

    /** Deleting a video: its record, chunk state and index entries go at once, and its state stops counting. */
    static final String PURGE = """
            local status = redis.call('HGET', KEYS[1], 'status')
            local owner = redis.call('HGET', KEYS[1], 'owner')
            redis.call('DEL', KEYS[1], KEYS[3], KEYS[4])
            redis.call('ZREM', KEYS[2], ARGV[1])
            if owner and owner ~= '' then redis.call('ZREM', ARGV[2] .. owner, ARGV[1]) end
            if status then redis.call('HINCRBY', KEYS[5], status, -1) end
            return status
            """;

    /** Marks a chunked video playable, once, with its video.ready webhook. */
    static final String PLAYABLE = """
            local status = redis.call('HGET', KEYS[1], 'status')
            if not status or status == 'completed' or status == 'failed' then return 0 end
            if redis.call('HGET', KEYS[1], 'playable') == 'true' then return 0 end
            redis.call('HSET', KEYS[1], 'playable', 'true', 'updatedAt', ARGV[1])
            if ARGV[2] ~= '' then
              webhook(KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[1], ARGV[3], 'video.ready', ARGV[2], ARGV[4], ARGV[1])
            end
            return 1
            """;

    private VideoScripts() {
    }
}
