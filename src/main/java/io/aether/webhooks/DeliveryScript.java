package io.aether.webhooks;

import io.aether.store.WebhookScript;

/**
 * The webhook piece of the video store's scripts: a Lua function that, when the owner has a webhook,
 * stores a delivery of event {@code id} of {@code type} with the record as it is now, and makes it due.
 * Being part of the state change's own script, the event lands exactly when the change does.
 */
public final class DeliveryScript implements WebhookScript {
    private static final String FUNCTION = """
            local function webhook(hook, due, log, delivery, record, id, type, owner, ms, iso)
              if redis.call('EXISTS', hook) == 0 then return end
              local flat = redis.call('HGETALL', record)
              local fields = {}
              for i = 1, #flat, 2 do fields[flat[i]] = flat[i + 1] end
              redis.call('HSET', delivery, 'id', id, 'type', type, 'videoId', fields['id'] or '', 'owner', owner,
                'createdAt', iso, 'createdMs', ms, 'record', cjson.encode(fields), 'status', 'pending', 'attempts', 0)
              redis.call('EXPIRE', delivery, %d)
              redis.call('ZADD', due, ms, id)
              redis.call('ZADD', log, ms, id)
              redis.call('ZREMRANGEBYRANK', log, 0, -%d)
              -- the log names only deliveries that may still exist, and lives as long as its newest one
              redis.call('ZREMRANGEBYSCORE', log, '-inf', string.format('(%%d', tonumber(ms) - %d * 1000))
              redis.call('EXPIRE', log, %d)
              local byVideo = '%s' .. (fields['id'] or '')
              redis.call('SADD', byVideo, id)
              redis.call('EXPIRE', byVideo, %d)
            end
            """.formatted(WebhookStore.KEEP_SECONDS,
                    WebhookStore.LOG_SIZE + 1, WebhookStore.KEEP_SECONDS, WebhookStore.KEEP_SECONDS,
                    WebhookStore.VIDEO_PREFIX, WebhookStore.KEEP_SECONDS);

    @Override
    public String function() {
        return FUNCTION;
    }

    @Override
    public String hookKey(String owner) {
        return WebhookStore.hookKey(owner);
    }

    @Override
    public String dueKey() {
        return WebhookStore.DUE;
    }

    @Override
    public String logKey(String owner) {
        return WebhookStore.logKey(owner);
    }

    @Override
    public String deliveryKey(String eventId) {
        return WebhookStore.deliveryKey(eventId);
    }
}
