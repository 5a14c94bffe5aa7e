package io.aether.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import io.aether.Json;
import io.aether.media.ChunkPlan;
import io.aether.media.Playlists.Segment;
import io.aether.media.Rendition;
import io.aether.media.RungQuality;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The state of a chunked transcode in one Redis hash per video: the plan, the chunks stored so
 * far with their segments (and, once measured, their quality), the audio segments stored so far,
 * and how much has been published.
 * Whatever worker finishes a part records it here; the stitcher reads it under a short lock.
 * The hash goes when the video completes or fails (VideoStore's state change deletes it) or is
 * deleted; the lock is a lease that runs out by itself (docs/redis.md).
 */
public final class ChunkStore {
    private static final String UNLOCK = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;
    /**
     * Changes chunk state only while the video's transcode goes on: a deleted video's state is not
     * brought back, nor a finished one's, which the state change that finished it removed.
     */
    private static final String WRITE = """
            local status = redis.call('HGET', KEYS[2], 'status')
            if not status or status == 'completed' or status == 'failed' then return -1 end
            if ARGV[1] == 'incr' then return redis.call('HINCRBY', KEYS[1], ARGV[2], ARGV[3]) end
            if ARGV[1] == 'setnx' then return redis.call('HSETNX', KEYS[1], ARGV[2], ARGV[3]) end
            for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            return 1
            """;
    private static final TypeReference<List<Segment>> SEGMENTS = new TypeReference<>() { };

    /** What the planner decided: the cut, the rungs and whether there is an audio track. */
    /**
     * @param sampleEvery one frame in every N measured, the same in every chunk (docs/quality.md); null where
     *     nothing decided it (a fixed ladder, a plan stored before it was kept): the setting's densest
     */
    public record Plan(ChunkPlan cut, List<Rendition> ladder, boolean hasAudio, String language, Integer sampleEvery) {
    }

    /**
     * A stored chunk: who encoded it, its segments per rung, (first chunk) each rung's CODECS, and each
     * rung's measured quality. Its segments are recorded first, so the stitch can publish them before the
     * chunk's measure run; quality is null until that run's figures (or why there are none) are recorded.
     */
    public record Done(String worker, Map<String, List<Segment>> segments, Map<String, String> codecs,
                       Map<String, RungQuality> quality) {
        /** Whether the chunk's quality is in too: only then is the chunk done, for a re-run or the stitch. */
        public boolean measured() {
            return quality != null;
        }

        public Done measured(Map<String, RungQuality> measured) {
            return new Done(worker, segments, codecs, measured);
        }
    }

    public record State(Plan plan, Map<Integer, Done> done, List<Segment> audio, boolean audioDone,
                        int published, boolean finished) {
    }

    private final RedisCommands<String, String> redis;

    public ChunkStore(RedisCommands<String, String> redis) {
        this.redis = redis;
    }

    public static String key(String videoId) {
        return "aether:chunks:" + videoId;
    }

    static String lockKey(String videoId) {
        return key(videoId) + ":lock";
    }

    /** Keeps the first plan made for a video: a planner that runs twice finds the same cut. */
    public Plan savePlan(String videoId, Plan plan) {
        write(videoId, "setnx", "plan", Json.write(plan));
        return plan(videoId).orElseThrow(() -> new IllegalStateException("video " + videoId + " is gone"));
    }

    public Optional<Plan> plan(String videoId) {
        String json = redis.hget(key(videoId), "plan");
        return json == null ? Optional.empty() : Optional.of(Json.read(json, Plan.class));
    }

    /** Counts one more attempt at a part ("chunk-3", "audio") and returns the count. */
    public long attempt(String videoId, String part) {
        return attempt(videoId, part, 1);
    }

    /** Adds to a part's attempt count; -1 gives back an attempt a stopping worker did not finish. */
    public long attempt(String videoId, String part, int delta) {
        return write(videoId, "incr", "attempts:" + part, Integer.toString(delta));
    }

    /**
     * Whether the chunk is stored and measured. A chunk whose segments were recorded but not its quality
     * (its worker died in between) is not done: its next attempt encodes and measures it again.
     */
    public boolean chunkDone(String videoId, int index) {
        String json = redis.hget(key(videoId), "done:" + index);
        return json != null && Json.read(json, Done.class).measured();
    }

    public void saveChunk(String videoId, int index, Done done) {
        write(videoId, "hset", "done:" + index, Json.write(done));
    }

    /** The audio segments stored so far, in order, and whether the audio run has ended. */
    public void saveAudio(String videoId, List<Segment> segments, boolean finished) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("audio", Json.write(segments));
        if (finished) {
            fields.put("audioDone", "1");
        }
        write(videoId, fields);
    }

    public void published(String videoId, int chunks, boolean finished) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("published", Integer.toString(chunks));
        if (finished) {
            fields.put("finished", "1");
        }
        write(videoId, fields);
    }

    public Optional<State> state(String videoId) {
        Map<String, String> hash = redis.hgetall(key(videoId));
        if (hash == null || !hash.containsKey("plan")) {
            return Optional.empty();
        }
        Map<Integer, Done> done = new TreeMap<>();
        hash.forEach((field, value) -> {
            if (field.startsWith("done:")) {
                done.put(Integer.parseInt(field.substring(5)), Json.read(value, Done.class));
            }
        });
        List<Segment> audio = hash.containsKey("audio") ? Json.read(hash.get("audio"), SEGMENTS) : List.of();
        return Optional.of(new State(Json.read(hash.get("plan"), Plan.class), done, audio,
                hash.containsKey("audioDone"), Integer.parseInt(hash.getOrDefault("published", "0")),
                hash.containsKey("finished")));
    }

    /** A short lock, so that two workers never rewrite the playlists at once. */
    public boolean lock(String videoId, String token, long ms) {
        return "OK".equals(redis.set(lockKey(videoId), token, SetArgs.Builder.nx().px(ms)));
    }

    public void unlock(String videoId, String token) {
        redis.eval(UNLOCK, ScriptOutputType.INTEGER, new String[] {lockKey(videoId)}, token);
    }

    private void write(String videoId, Map<String, String> fields) {
        List<String> args = new java.util.ArrayList<>(List.of("hset"));
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        redis.eval(WRITE, ScriptOutputType.INTEGER, new String[] {key(videoId), VideoStore.key(videoId)},
                args.toArray(String[]::new));
    }

    /** @return the script's answer: -1 when the video is gone (an attempt count of -1 starts nothing new) */
    private long write(String videoId, String op, String field, String value) {
        Long result = redis.eval(WRITE, ScriptOutputType.INTEGER, new String[] {key(videoId), VideoStore.key(videoId)},
                op, field, value);
        return result == null ? -1 : result;
    }
}
