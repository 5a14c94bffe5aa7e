package io.aether.queue;

import java.util.Map;

import io.lettuce.core.RedisClient;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/** {@code jobqueue:NAME} reads and writes a {@link StreamQueue}, so routes say from(queue) and to(queue). */
public final class JobQueueComponent extends DefaultComponent {
    private final RedisClient redis;
    private final long leaseMs;

    public JobQueueComponent(RedisClient redis, long leaseMs) {
        this.redis = redis;
        this.leaseMs = leaseMs;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        JobQueueEndpoint endpoint = new JobQueueEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    RedisClient redis() {
        return redis;
    }

    long leaseMs() {
        return leaseMs;
    }
}
