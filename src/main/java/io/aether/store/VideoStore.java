package io.aether.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import io.aether.Json;
import io.aether.events.Events;
import io.aether.jobs.IllegalTransitionException;
import io.aether.jobs.JobEvent;
import io.aether.jobs.JobState;
import io.aether.jobs.JobStateMachine;
import io.aether.ops.Metrics;
import io.aether.webhooks.WebhookStore;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Video records as Redis hashes, indexed by creation time. State changes go through
 * {@link JobStateMachine} and are applied by a Lua script, so a change only lands when
 * the record is still in a state the event may leave.
 */
public final class VideoStore {
    private static final String INDEX = "aether:videos";
    /** Each owner's videos by creation time: a listing reads only its own. */
    private static final String OWNER_INDEX = "aether:videos:owner:";
    /** How many videos are in each job state, kept with every change (the aether_jobs gauge). */
    public static final String STATES = "aether:jobs:by-state";
    private static final String TRANSITION = WebhookStore.ENQUEUE + """
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

    private static final String PROGRESS = """
            if redis.call('HGET', KEYS[1], 'status') ~= 'active' then return 0 end
            if ARGV[1] ~= '' and redis.call('HGET', KEYS[1], 'worker') ~= ARGV[1] then return 0 end
            redis.call('HSET', KEYS[1], 'progress', ARGV[2], 'updatedAt', ARGV[3])
            return 1
            """;

    /** Writes fields only while the record exists: a worker's late write must not bring back a deleted video. */
    private static final String UPDATE = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            for i = 1, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            return 1
            """;

    /** Deleting a video: its record, chunk state and index entries go at once, and its state stops counting. */
    private static final String PURGE = """
            local status = redis.call('HGET', KEYS[1], 'status')
            local owner = redis.call('HGET', KEYS[1], 'owner')
            redis.call('DEL', KEYS[1], KEYS[3], KEYS[4])
            redis.call('ZREM', KEYS[2], ARGV[1])
            if owner and owner ~= '' then redis.call('ZREM', ARGV[2] .. owner, ARGV[1]) end
            if status then redis.call('HINCRBY', KEYS[5], status, -1) end
            return status
            """;

    /** Marks a chunked video playable, once, with its video.ready webhook. */
    private static final String PLAYABLE = WebhookStore.ENQUEUE + """
            local status = redis.call('HGET', KEYS[1], 'status')
            if not status or status == 'completed' or status == 'failed' then return 0 end
            if redis.call('HGET', KEYS[1], 'playable') == 'true' then return 0 end
            redis.call('HSET', KEYS[1], 'playable', 'true', 'updatedAt', ARGV[1])
            if ARGV[2] ~= '' then
              webhook(KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[1], ARGV[3], 'video.ready', ARGV[2], ARGV[4], ARGV[1])
            end
            return 1
            """;

    private final RedisCommands<String, String> redis;
    private final Events events;
    private final Function<String, String> playlistUrl;

    public VideoStore(RedisCommands<String, String> redis, Events events, Function<String, String> playlistUrl) {
        this.redis = redis;
        this.events = events;
        this.playlistUrl = playlistUrl;
    }

    public static String key(String id) {
        return "aether:video:" + id;
    }

    public void create(String id, Map<String, String> fields) {
        String now = Instant.now().toString();
        Map<String, String> record = new LinkedHashMap<>(fields);
        record.put("id", id);
        record.put("status", JobState.WAITING.wire());
        record.put("attempts", "0");
        record.put("progress", "0");
        record.put("createdAt", now);
        record.put("updatedAt", now);
        redis.hset(key(id), record);
        long created = System.currentTimeMillis();
        redis.zadd(INDEX, created, id);
        String owner = record.get("owner");
        if (owner != null && !owner.isEmpty()) {
            redis.zadd(OWNER_INDEX + owner, created, id);
        }
        redis.hincrby(STATES, JobState.WAITING.wire(), 1);
        events.state(id, JobState.WAITING.wire(), 0, 0, null, null);
    }

    /** Sets descriptive fields; state changes go through {@link #apply}. */
    public boolean update(String id, Map<String, String> fields) {
        Map<String, String> changes = new LinkedHashMap<>(fields);
        changes.put("updatedAt", Instant.now().toString());
        String[] args = changes.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                .toArray(String[]::new);
        Long set = redis.eval(UPDATE, ScriptOutputType.INTEGER, new String[] {key(id)}, args);
        return set != null && set == 1L;
    }

    public boolean exists(String id) {
        return redis.exists(key(id)) == 1L;
    }

    /**
     * Removes the record, the chunk state and the index entry in one step, so every guarded write
     * after it (update, progress, state changes, chunk state) finds nothing to write to.
     *
     * @return whether there was a record
     */
    public boolean purge(String id) {
        String status = redis.eval(PURGE, ScriptOutputType.VALUE, new String[] {key(id), INDEX, ChunkStore.key(id),
                ChunkStore.lockKey(id), STATES}, id, OWNER_INDEX);
        return status != null;
    }

    /**
     * Records transcode progress while the given worker still owns the active job; with no owner
     * (a chunked job, done by many workers) while the job is active at all.
     */
    public boolean progress(String id, String owner, int percent) {
        Long set = redis.eval(PROGRESS, ScriptOutputType.INTEGER, new String[] {key(id)}, owner == null ? "" : owner,
                Integer.toString(percent), Instant.now().toString());
        boolean recorded = set != null && set == 1L;
        if (recorded) {
            events.progress(id, percent);
        }
        return recorded;
    }

    /** A chunked video whose first chunk is stored can be played while the rest is encoded. */
    public void playable(String id) {
        String videoOwner = videoOwner(id);
        String eventId = eventId();
        Long set = redis.eval(PLAYABLE, ScriptOutputType.INTEGER, new String[] {key(id),
                WebhookStore.hookKey(videoOwner), WebhookStore.DUE, WebhookStore.logKey(videoOwner),
                WebhookStore.deliveryKey(eventId)}, Instant.now().toString(), videoOwner, eventId,
                Long.toString(System.currentTimeMillis()));
        if (set != null && set == 1L) {
            events.playable(id, playlistUrl.apply(id));
        }
    }

    public void delete(String id) {
        List<String> fields = redis.hmget(key(id), "status", "owner").stream()
                .map(v -> v.getValueOrElse(null)).toList();
        String status = fields.get(0);
        if (status != null && redis.del(key(id)) == 1) {
            redis.hincrby(STATES, status, -1);
        }
        redis.zrem(INDEX, id);
        if (fields.get(1) != null) {
            redis.zrem(OWNER_INDEX + fields.get(1), id);
        }
    }

    public Optional<Map<String, String>> find(String id) {
        Map<String, String> record = redis.hgetall(key(id));
        return record == null || record.isEmpty() ? Optional.empty() : Optional.of(record);
    }

    /**
     * The record when it belongs to this owner; empty when there is none or it is someone else's,
     * so a caller answers both the same way (404) and never confirms another owner's id exists.
     */
    public Optional<Map<String, String>> findOwned(String id, String owner) {
        return find(id).filter(record -> owner != null && owner.equals(record.get("owner")));
    }

    /** The owner's videos, newest first. */
    public List<Map<String, String>> list(String owner, int offset, int limit) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String id : redis.zrevrange(OWNER_INDEX + owner, offset, offset + limit - 1L)) {
            find(id).ifPresent(out::add);
        }
        return out;
    }

    /** How many videos the owner has. */
    public long count(String owner) {
        return redis.zcount(OWNER_INDEX + owner, Range.unbounded());
    }

    /**
     * Applies an event to the record's state with extra fields.
     *
     * @param owner when not empty, the change only lands if this worker still owns the job
     * @param attempts what this change adds to the attempt count: 1 when it starts an attempt, -1 when a
     *     stopping worker gives its attempt back, else 0
     * @return the outcome, with the attempt count after the change when it landed
     */
    public Transition apply(String id, JobEvent event, Map<String, String> fields, String owner, int attempts) {
        List<String> from = new ArrayList<>();
        JobState to = null;
        for (JobState state : JobState.values()) {
            try {
                to = JobStateMachine.next(state, event);
                from.add(state.wire());
            } catch (IllegalTransitionException notFromHere) {
                // this state cannot take the event; the script refuses it too
            }
        }
        Map<String, String> changes = new LinkedHashMap<>(fields);
        changes.put("status", to.wire());
        String now = Instant.now().toString();
        changes.put("updatedAt", now);
        String videoOwner = videoOwner(id);
        String ready = eventId();
        String ended = eventId();
        long ms = System.currentTimeMillis();
        List<Object> result = redis.eval(TRANSITION, ScriptOutputType.MULTI, new String[] {key(id), STATES,
                WebhookStore.hookKey(videoOwner), WebhookStore.DUE, WebhookStore.logKey(videoOwner),
                WebhookStore.deliveryKey(ready), WebhookStore.deliveryKey(ended), ChunkStore.key(id)},
                owner == null ? "" : owner, Json.write(from), Json.write(changes), Integer.toString(attempts),
                videoOwner, ready, ended, Long.toString(ms), Long.toString(ms + 1), now);
        long code = (Long) result.get(0);
        int count = ((Long) result.get(1)).intValue();
        long revision = (Long) result.get(2);
        if (code == 1) {
            Metrics.jobChanged(event, attempts);
            events.state(id, to.wire(), count, revision, changes.get("error"),
                    to == JobState.COMPLETED ? playlistUrl.apply(id) : null);
        }
        return new Transition(code == 1 ? Outcome.APPLIED : code == -1 ? Outcome.MISSING
                : code == -2 ? Outcome.NOT_OWNER : Outcome.REFUSED, count);
    }

    /** Who the video belongs to, written once when it is created; "" for none (then no webhooks). */
    private String videoOwner(String id) {
        String owner = redis.hget(key(id), "owner");
        return owner == null ? "" : owner;
    }

    private static String eventId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "");
    }

    public enum Outcome { APPLIED, MISSING, NOT_OWNER, REFUSED }

    public record Transition(Outcome outcome, int attempts) {
        public boolean applied() {
            return outcome == Outcome.APPLIED;
        }
    }
}
