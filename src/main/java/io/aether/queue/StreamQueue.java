package io.aether.queue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;

/**
 * A job queue on one Redis stream with one consumer group. An entry stays pending while a
 * worker holds it; the worker keeps its lease fresh, and an entry idle past the lease is
 * claimed by another worker (stalled-job recovery). Acknowledged entries are deleted.
 */
public final class StreamQueue {
    /** Sets the entry's idle time (0 renews the lease) only while this consumer still owns it. */
    private static final String SET_IDLE = """
            local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
            if p[1] == nil or p[1][2] ~= ARGV[3] then return 0 end
            redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[3], 0, ARGV[2], 'IDLE', ARGV[4], 'JUSTID')
            return 1
            """;

    /**
     * Removes consumers that hold nothing and have not asked for work for a while: dead workers.
     * A live worker asks every second; one deleted by mistake is recreated by its next read.
     */
    private static final String PRUNE = """
            local removed = 0
            for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
              local info = {}
              for i = 1, #c, 2 do info[c[i]] = c[i + 1] end
              if info['pending'] == 0 and info['idle'] > tonumber(ARGV[2]) then
                redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], info['name'])
                removed = removed + 1
              end
            end
            return removed
            """;

    private static final int PAGE = 500;

    private final RedisCommands<String, String> redis;
    private final String stream;
    private final String group;

    public StreamQueue(RedisCommands<String, String> redis, String name) {
        this.redis = redis;
        this.stream = "aether:queue:" + name;
        this.group = "workers";
    }

    public void ensureGroup() {
        try {
            redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), group, XGroupCreateArgs.Builder.mkstream());
        } catch (RedisBusyException alreadyThere) {
            // another replica created it first
        }
    }

    public String add(Map<String, String> fields) {
        return redis.xadd(stream, fields);
    }

    /** An entry idle longer than the lease, now owned by this consumer, if any. */
    public Optional<StreamMessage<String, String>> claimStalled(String consumer, long leaseMs) {
        ClaimedMessages<String, String> claimed = redis.xautoclaim(stream,
                XAutoClaimArgs.Builder.xautoclaim(Consumer.from(group, consumer), leaseMs, "0-0").count(1));
        return claimed.getMessages().stream().filter(m -> m.getBody() != null && !m.getBody().isEmpty()).findFirst();
    }

    /** Waits up to blockMs for a new entry. */
    public Optional<StreamMessage<String, String>> next(String consumer, long blockMs) {
        List<StreamMessage<String, String>> messages = redis.xreadgroup(Consumer.from(group, consumer),
                XReadArgs.Builder.block(blockMs).count(1), XReadArgs.StreamOffset.lastConsumed(stream));
        return messages == null || messages.isEmpty() ? Optional.empty() : Optional.of(messages.get(0));
    }

    /** Keeps the entry's lease; false when another consumer has taken it over. */
    public boolean renew(String consumer, String entryId) {
        return setIdle(consumer, entryId, 0);
    }

    /**
     * Gives a job this consumer holds back to the other workers without acknowledging it: its
     * idle time is set past the lease, so the next worker that looks for stalled jobs takes it.
     */
    public boolean handBack(String consumer, String entryId, long leaseMs) {
        return setIdle(consumer, entryId, leaseMs);
    }

    private boolean setIdle(String consumer, String entryId, long idleMs) {
        Long kept = redis.eval(SET_IDLE, ScriptOutputType.INTEGER, new String[] {stream}, group, entryId, consumer,
                Long.toString(idleMs));
        return kept != null && kept == 1L;
    }

    /** Removes the consumers of workers that died, once nothing is pending for them; returns how many. */
    public long pruneConsumers(long idleMs) {
        Long removed = redis.eval(PRUNE, ScriptOutputType.INTEGER, new String[] {stream}, group,
                Long.toString(idleMs));
        return removed == null ? 0 : removed;
    }

    public void ack(String entryId) {
        redis.xack(stream, group, entryId);
        redis.xdel(stream, entryId);
    }

    /** Whether an entry with this field value is still in the stream, delivered or not. */
    public boolean holds(String field, String value) {
        return !entries(field, value, true).isEmpty();
    }

    /**
     * Deletes the entries with this field value (a deleted video's jobs). One a worker holds now
     * stays pending until that worker acknowledges it; no other worker can take it over.
     *
     * @return how many were deleted
     */
    public long drop(String field, String value) {
        List<String> ids = entries(field, value, false);
        return ids.isEmpty() ? 0 : redis.xdel(stream, ids.toArray(String[]::new));
    }

    private List<String> entries(String field, String value, boolean first) {
        List<String> found = new java.util.ArrayList<>();
        Range<String> range = Range.unbounded();
        while (true) {
            List<StreamMessage<String, String>> page = redis.xrange(stream, range, Limit.create(0, PAGE));
            for (StreamMessage<String, String> message : page) {
                if (value.equals(message.getBody().get(field))) {
                    found.add(message.getId());
                    if (first) {
                        return found;
                    }
                }
            }
            if (page.size() < PAGE) {
                return found;
            }
            range = Range.from(Range.Boundary.excluding(page.get(page.size() - 1).getId()), Range.Boundary.unbounded());
        }
    }

    /** Entries no worker holds yet: acknowledged ones are deleted, so the stream less those pending. */
    public long waiting() {
        return Math.max(0, redis.xlen(stream) - pending());
    }

    public long pending() {
        return redis.xpending(stream, group).getCount();
    }

    public String stream() {
        return stream;
    }
}
