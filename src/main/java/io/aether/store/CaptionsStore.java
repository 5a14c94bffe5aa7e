package io.aether.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.type.TypeReference;
import io.aether.Json;
import io.aether.captions.Track;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A video's caption languages, kept in its record (so they go with it), and the small per-video
 * lock under which they and the master playlist change. Whoever writes the master (the API after
 * a caption change, a worker publishing) reads the languages under this lock, so no writer can
 * put a master that lacks a language another has just added.
 */
public final class CaptionsStore {
    /** A holder that dies keeps others out this long at most; a master write takes well under it. */
    private static final long LEASE_MS = 15_000;
    private static final long WAIT_MS = 20_000;
    private static final String UNLOCK = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;
    private static final TypeReference<List<Track>> TRACKS = new TypeReference<>() { };

    private final RedisCommands<String, String> redis;
    private final VideoStore videos;

    public CaptionsStore(RedisCommands<String, String> redis, VideoStore videos) {
        this.redis = redis;
        this.videos = videos;
    }

    static String lockKey(String videoId) {
        return VideoStore.key(videoId) + ":captions:lock";
    }

    public List<Track> tracks(String videoId) {
        String json = redis.hget(VideoStore.key(videoId), Video.CAPTIONS);
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try {
            return Json.MAPPER.readValue(json, TRACKS);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable captions of video " + videoId, e);
        }
    }

    /** Saves the list, by language; false when the video is gone (the list is not brought back). */
    boolean save(String videoId, List<Track> tracks) {
        List<Track> sorted = new ArrayList<>(tracks);
        sorted.sort(Comparator.comparing(Track::lang));
        return videos.update(videoId, new Video.Changes().captions(Json.write(sorted)));
    }

    /** The first video frame's PTS, once a worker measured it. */
    public OptionalLong firstPts(String videoId) {
        String value = redis.hget(VideoStore.key(videoId), Video.FIRST_PTS);
        return value == null || value.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
    }

    /** Runs the work holding the video's captions lock, waiting for it a while if another holds it. */
    public <T> T locked(String videoId, Callable<T> work) throws Exception {
        String token = UUID.randomUUID().toString();
        long giveUp = System.currentTimeMillis() + WAIT_MS;
        while (!"OK".equals(redis.set(lockKey(videoId), token, SetArgs.Builder.nx().px(LEASE_MS)))) {
            if (System.currentTimeMillis() > giveUp) {
                throw new IllegalStateException("the captions of video " + videoId + " stayed locked");
            }
            Thread.sleep(20);
        }
        try {
            return work.call();
        } finally {
            redis.eval(UNLOCK, ScriptOutputType.INTEGER, new String[] {lockKey(videoId)}, token);
        }
    }
}
