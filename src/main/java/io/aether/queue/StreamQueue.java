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
    /** Resets the entry's idle time only while this consumer still owns it. */
    private static final String RENEW = """
            local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
            if p[1] == nil or p[1][2] ~= ARGV[3] then return 0 end
            redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[3], 0, ARGV[2], 'JUSTID')
            return 1
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
        Long kept = redis.eval(RENEW, ScriptOutputType.INTEGER, new String[] {stream}, group, entryId, consumer);
        return kept != null && kept == 1L;
    }

    public void ack(String entryId) {
        redis.xack(stream, group, entryId);
        redis.xdel(stream, entryId);
    }

    /** Whether an entry with this field value is still in the stream, delivered or not. */
    public boolean holds(String field, String value) {
        Range<String> range = Range.unbounded();
        while (true) {
            List<StreamMessage<String, String>> page = redis.xrange(stream, range, Limit.create(0, PAGE));
            for (StreamMessage<String, String> message : page) {
                if (value.equals(message.getBody().get(field))) {
                    return true;
                }
            }
            if (page.size() < PAGE) {
                return false;
            }
            range = Range.from(Range.Boundary.excluding(page.get(page.size() - 1).getId()), Range.Boundary.unbounded());
        }
    }

    public long pending() {
        return redis.xpending(stream, group).getCount();
    }

    public String stream() {
        return stream;
    }
}
