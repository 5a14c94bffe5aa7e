package io.aether.tus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.aether.errors.Conflict;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Upload state in Redis, per upload: a hash (offset, length, parts so far, object-store upload id,
 * metadata, expiry), a list of committed parts ("number:etag"), and the tail.
 *
 * <p>Why the tail lives in Redis: bytes that do not fill a 5 MiB part yet cannot go to the object store
 * as a part, and S3 cannot append. Keeping them in the same Redis as the offset lets one script commit
 * parts, tail and offset together, so the acknowledged offset and the bytes behind it can never
 * disagree, whichever replica dies when. It costs at most one part of Redis memory per unfinished
 * upload, and expiry frees it. Every change goes through a script that first checks the caller still
 * holds the upload's lock (fencing), so a replica that lost its lock cannot write.
 */
public final class TusStore {
    static final String PREFIX = "aether:tus:";
    /** Unfinished uploads by expiry time, for the sweeper. */
    static final String EXPIRING = PREFIX + "expiring";
    /** Uploads whose last byte arrived, by that time, so the sweeper can finish what a dead replica left. */
    static final String FINISHING = PREFIX + "finishing";

    /** A new upload and its place in the sweeper's index at once: no crash leaves one the sweeper never sees. */
    private static final String CREATE = """
            for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2])
            return 1
            """;

    private static final String COMMIT = """
            if redis.call('GET', KEYS[4]) ~= ARGV[1] then return -1 end
            if redis.call('HGET', KEYS[1], 'state') ~= 'uploading' then return -2 end
            if redis.call('HGET', KEYS[1], 'offset') ~= ARGV[2] then return -3 end
            for i = 9, #ARGV do redis.call('RPUSH', KEYS[3], ARGV[i]) end
            if ARGV[4] == '' then redis.call('DEL', KEYS[2]) else redis.call('SET', KEYS[2], ARGV[4]) end
            redis.call('HSET', KEYS[1], 'offset', ARGV[3], 'partsBytes', ARGV[5], 'expires', ARGV[6])
            if ARGV[3] == redis.call('HGET', KEYS[1], 'length') then
              redis.call('HSET', KEYS[1], 'state', 'finishing')
              redis.call('ZREM', KEYS[5], ARGV[8])
              redis.call('ZADD', KEYS[6], ARGV[7], ARGV[8])
            else
              redis.call('ZADD', KEYS[5], ARGV[6], ARGV[8])
            end
            return 1
            """;

    /** Moves the phase on, only for the lock holder and only from the expected phase. */
    private static final String ADVANCE = """
            if redis.call('GET', KEYS[2]) ~= ARGV[1] then return -1 end
            if redis.call('HGET', KEYS[1], 'state') ~= ARGV[2] then return -2 end
            redis.call('HSET', KEYS[1], 'state', ARGV[3])
            return 1
            """;

    /** The end of a finished or expired upload's life: drop parts and tail, keep a small marker a while. */
    private static final String RETIRE = """
            if redis.call('GET', KEYS[2]) ~= ARGV[1] then return -1 end
            local state = redis.call('HGET', KEYS[1], 'state')
            if state ~= ARGV[2] then return -2 end
            redis.call('HSET', KEYS[1], 'state', ARGV[3])
            redis.call('DEL', KEYS[3], KEYS[4])
            redis.call('ZREM', KEYS[5], ARGV[5])
            redis.call('ZREM', KEYS[6], ARGV[5])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return 1
            """;

    private static final String TERMINATE = """
            if redis.call('GET', KEYS[2]) ~= ARGV[1] then return -1 end
            redis.call('DEL', KEYS[1], KEYS[3], KEYS[4])
            redis.call('ZREM', KEYS[5], ARGV[2])
            redis.call('ZREM', KEYS[6], ARGV[2])
            return 1
            """;

    private final RedisCommands<String, String> redis;
    private final RedisCommands<String, byte[]> bytes;

    /** Two views of one Redis: text for fields, bytes for the tail. */
    public TusStore(RedisCommands<String, String> redis, RedisCommands<String, byte[]> bytes) {
        this.redis = redis;
        this.bytes = bytes;
    }

    static String key(String id) {
        return PREFIX + id;
    }

    static String lockKey(String id) {
        return PREFIX + id + ":lock";
    }

    private static String tailKey(String id) {
        return PREFIX + id + ":tail";
    }

    private static String partsKey(String id) {
        return PREFIX + id + ":parts";
    }

    /** The outcome of a guarded write. */
    public enum Write { DONE, LOCK_LOST, WRONG_PHASE, WRONG_OFFSET }

    /** A guarded write that did not happen is refused: the client retries or asks for the offset. */
    static void guarded(Write write) {
        switch (write) {
            case DONE -> {
            }
            case LOCK_LOST -> throw new UploadBusy("the upload's lock ran out; retry");
            case WRONG_OFFSET -> throw new Conflict("the upload moved on meanwhile; ask for its offset");
            case WRONG_PHASE -> throw new Conflict("the upload changed state meanwhile; ask for its offset");
        }
    }

    public void create(TusUpload upload) {
        List<String> args = new ArrayList<>(List.of(Long.toString(upload.expiresAt()), upload.id()));
        upload.fields().forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        redis.eval(CREATE, ScriptOutputType.INTEGER, new String[] {key(upload.id()), EXPIRING},
                args.toArray(String[]::new));
    }

    public Optional<TusUpload> find(String id) {
        Map<String, String> hash = redis.hgetall(key(id));
        return hash == null || hash.isEmpty() ? Optional.empty() : Optional.of(TusUpload.from(hash));
    }

    /** Whether an unfinished upload still uses this multipart upload of the object store (its parts must stay). */
    public boolean holds(String objectKey, String s3UploadId) {
        int slash = objectKey.indexOf('/');
        if (slash <= 0) {
            return false;
        }
        return find(objectKey.substring(0, slash))
                .filter(u -> objectKey.equals(u.objectKey()) && s3UploadId.equals(u.s3UploadId()))
                .filter(u -> u.phase() != TusUpload.Phase.COMPLETED && u.phase() != TusUpload.Phase.EXPIRED)
                .isPresent();
    }

    public byte[] tail(String id) {
        byte[] tail = bytes.get(tailKey(id));
        return tail == null ? new byte[0] : tail;
    }

    public List<String> parts(String id) {
        return redis.lrange(partsKey(id), 0, -1);
    }

    /** Part numbers are handed out once and never reused, so a late write can never replace a committed part. */
    public int nextPartNumber(String id) {
        return redis.hincrby(key(id), "nextPart", 1).intValue();
    }

    /** Adds parts, replaces the tail and moves the offset from {@code from} to {@code to}, atomically. */
    public Write commit(String id, String lockToken, List<String> parts, byte[] tail, long from, long to,
            long expiresAt, long now) {
        List<byte[]> args = new ArrayList<>(List.of(text(lockToken), text(from), text(to), tail,
                text(to - tail.length), text(expiresAt), text(now), text(id)));
        parts.forEach(p -> args.add(text(p)));
        Long result = bytes.eval(COMMIT, ScriptOutputType.INTEGER,
                new String[] {key(id), tailKey(id), partsKey(id), lockKey(id), EXPIRING, FINISHING},
                args.toArray(new byte[0][]));
        return write(result);
    }

    public Write advance(String id, String lockToken, TusUpload.Phase from, TusUpload.Phase to) {
        Long result = redis.eval(ADVANCE, ScriptOutputType.INTEGER, new String[] {key(id), lockKey(id)},
                lockToken, from.wire(), to.wire());
        return write(result);
    }

    /** Ends the upload's life in {@code to}; its small record stays for {@code keepMs} to answer late requests. */
    public Write retire(String id, String lockToken, TusUpload.Phase from, TusUpload.Phase to, long keepMs) {
        Long result = redis.eval(RETIRE, ScriptOutputType.INTEGER,
                new String[] {key(id), lockKey(id), tailKey(id), partsKey(id), EXPIRING, FINISHING},
                lockToken, from.wire(), to.wire(), Long.toString(keepMs), id);
        return write(result);
    }

    public Write terminate(String id, String lockToken) {
        Long result = redis.eval(TERMINATE, ScriptOutputType.INTEGER,
                new String[] {key(id), lockKey(id), tailKey(id), partsKey(id), EXPIRING, FINISHING},
                lockToken, id);
        return write(result);
    }

    public List<String> dueForExpiry(long now, int limit) {
        return redis.zrangebyscore(EXPIRING, Range.create(Double.NEGATIVE_INFINITY, (double) now),
                Limit.create(0, limit));
    }

    public List<String> finishingSince(long before, int limit) {
        return redis.zrangebyscore(FINISHING, Range.create(Double.NEGATIVE_INFINITY, (double) before),
                Limit.create(0, limit));
    }

    /** Forgets an index entry whose upload is gone. */
    public void unindex(String id) {
        redis.zrem(EXPIRING, id);
        redis.zrem(FINISHING, id);
    }

    private static Write write(Long result) {
        long code = result == null ? 0 : result;
        if (code == 1) {
            return Write.DONE;
        }
        return code == -1 ? Write.LOCK_LOST : code == -2 ? Write.WRONG_PHASE : Write.WRONG_OFFSET;
    }

    private static byte[] text(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }
}
