package io.aether.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import io.aether.Json;
import io.aether.events.Events;
import io.aether.jobs.IllegalTransitionException;
import io.aether.jobs.JobEvent;
import io.aether.jobs.JobState;
import io.aether.jobs.JobStateMachine;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Video records ({@link Video}) as Redis hashes, indexed by creation time. State changes go through
 * {@link JobStateMachine} and are applied by a Lua script ({@link VideoScripts}), so a change only lands
 * when the record is still in a state the event may leave; its webhooks are stored in the same step.
 */
public final class VideoStore {
    private static final String INDEX = "aether:videos";
    /** Each owner's videos by creation time: a listing reads only its own. */
    private static final String OWNER_INDEX = "aether:videos:owner:";
    /** How many videos are in each job state, kept with every change (the aether_jobs gauge). */
    public static final String STATES = "aether:jobs:by-state";
    /** Told of every state change that landed (the job meters). */
    public interface Listener {
        void changed(JobEvent event, int attempts);
    }

    private final RedisCommands<String, String> redis;
    private final Events events;
    private final Function<String, String> playlistUrl;
    private final WebhookScript webhooks;
    private final Listener listener;
    private final String transition;
    private final String playable;

    /**
     * @param playlistUrl a video's playlist, for the events that name one
     * @param webhooks the deliveries a state change makes, in its own script
     */
    public VideoStore(RedisCommands<String, String> redis, Events events, Function<String, String> playlistUrl,
            WebhookScript webhooks, Listener listener) {
        this.redis = redis;
        this.events = events;
        this.playlistUrl = playlistUrl;
        this.webhooks = webhooks;
        this.listener = listener;
        this.transition = webhooks.function() + VideoScripts.TRANSITION;
        this.playable = webhooks.function() + VideoScripts.PLAYABLE;
    }

    public static String key(String id) {
        return "aether:video:" + id;
    }

    public void create(String id, Video.Upload upload) {
        redis.hset(key(id), Video.created(id, upload, Instant.now()));
        long created = System.currentTimeMillis();
        redis.zadd(INDEX, created, id);
        String owner = upload.owner();
        if (owner != null && !owner.isEmpty()) {
            redis.zadd(OWNER_INDEX + owner, created, id);
        }
        redis.hincrby(STATES, JobState.WAITING.wire(), 1);
        events.state(id, JobState.WAITING.wire(), 0, 0, null, null);
    }

    /** Sets descriptive fields; state changes go through {@link #apply}. */
    public boolean update(String id, Video.Changes changes) {
        String[] args = changes.fields(Instant.now()).entrySet().stream()
                .flatMap(e -> Stream.of(e.getKey(), e.getValue())).toArray(String[]::new);
        Long set = redis.eval(VideoScripts.UPDATE, ScriptOutputType.INTEGER, new String[] {key(id)}, args);
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
        String status = redis.eval(VideoScripts.PURGE, ScriptOutputType.VALUE, new String[] {key(id), INDEX, ChunkStore.key(id),
                ChunkStore.lockKey(id), STATES}, id, OWNER_INDEX);
        return status != null;
    }

    /**
     * Records transcode progress while the given worker still owns the active job; with no owner
     * (a chunked job, done by many workers) while the job is active at all.
     */
    public boolean progress(String id, String owner, int percent) {
        Long set = redis.eval(VideoScripts.PROGRESS, ScriptOutputType.INTEGER, new String[] {key(id)}, owner == null ? "" : owner,
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
        Long set = redis.eval(playable, ScriptOutputType.INTEGER, new String[] {key(id),
                webhooks.hookKey(videoOwner), webhooks.dueKey(), webhooks.logKey(videoOwner),
                webhooks.deliveryKey(eventId)}, Instant.now().toString(), videoOwner, eventId,
                Long.toString(System.currentTimeMillis()));
        if (set != null && set == 1L) {
            events.playable(id, playlistUrl.apply(id));
        }
    }

    public Optional<Video> find(String id) {
        Map<String, String> hash = redis.hgetall(key(id));
        return hash == null || hash.isEmpty() ? Optional.empty() : Optional.of(Video.parse(hash));
    }

    /**
     * The record when it belongs to this owner; empty when there is none or it is someone else's,
     * so a caller answers both the same way (404) and never confirms another owner's id exists.
     */
    public Optional<Video> findOwned(String id, String owner) {
        return find(id).filter(video -> owner != null && owner.equals(video.owner()));
    }

    /** The owner's videos, newest first. */
    public List<Video> list(String owner, int offset, int limit) {
        List<Video> out = new ArrayList<>();
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
    public Transition apply(String id, JobEvent event, Video.Changes fields, String owner, int attempts) {
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
        Instant at = Instant.now();
        Map<String, String> changes = fields.fields(at);
        changes.put(Video.STATUS, to.wire());
        String now = at.toString();
        String videoOwner = videoOwner(id);
        String ready = eventId();
        String ended = eventId();
        long ms = System.currentTimeMillis();
        List<Object> result = redis.eval(transition, ScriptOutputType.MULTI, new String[] {key(id), STATES,
                webhooks.hookKey(videoOwner), webhooks.dueKey(), webhooks.logKey(videoOwner),
                webhooks.deliveryKey(ready), webhooks.deliveryKey(ended), ChunkStore.key(id)},
                owner == null ? "" : owner, Json.write(from), Json.write(changes), Integer.toString(attempts),
                videoOwner, ready, ended, Long.toString(ms), Long.toString(ms + 1), now);
        long code = (Long) result.get(0);
        int count = ((Long) result.get(1)).intValue();
        long revision = (Long) result.get(2);
        if (code == 1) {
            listener.changed(event, attempts);
            events.state(id, to.wire(), count, revision, changes.get(Video.ERROR),
                    to == JobState.COMPLETED ? playlistUrl.apply(id) : null);
        }
        return new Transition(code == 1 ? Outcome.APPLIED : code == -1 ? Outcome.MISSING
                : code == -2 ? Outcome.NOT_OWNER : Outcome.REFUSED, count);
    }

    /** A video's seconds of media (0 while unknown), read alone on any connection: the job timings need only it. */
    public static double duration(RedisCommands<String, String> redis, String id) {
        String seconds = redis.hget(key(id), Video.DURATION);
        try {
            return seconds == null ? 0 : Double.parseDouble(seconds);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Who the video belongs to, written once when it is created; "" for none (then no webhooks). */
    private String videoOwner(String id) {
        String owner = redis.hget(key(id), Video.OWNER);
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
