package io.aether.queue;

import java.util.LinkedHashMap;
import java.util.Map;

import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/** Enqueues the body, a map of string fields, and sets the entry id header. */
final class JobQueueProducer extends DefaultProducer {
    private StatefulRedisConnection<String, String> connection;
    private StreamQueue queue;

    JobQueueProducer(JobQueueEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void doStart() throws Exception {
        JobQueueEndpoint endpoint = (JobQueueEndpoint) getEndpoint();
        connection = endpoint.getComponent().redis().connect();
        queue = new StreamQueue(connection.sync(), endpoint.queueName());
        queue.ensureGroup();
    }

    @Override
    protected void doStop() {
        if (connection != null) {
            connection.close();
        }
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Map<?, ?> body = exchange.getMessage().getMandatoryBody(Map.class);
        Map<String, String> fields = new LinkedHashMap<>();
        body.forEach((k, v) -> fields.put(String.valueOf(k), String.valueOf(v)));
        exchange.getMessage().setHeader(JobQueueEndpoint.ENTRY_ID, queue.add(fields));
    }
}
