package io.aether.queue;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

public final class JobQueueEndpoint extends DefaultEndpoint {
    /** Header with the queue entry's id. */
    public static final String ENTRY_ID = "AetherJobEntryId";
    /** Header naming the consumer that holds the job; it stays the same across the job's redeliveries. */
    public static final String WORKER = "AetherWorker";
    /** Exchange property: when true the job goes back to the queue unacknowledged, for the next worker to take at once. */
    public static final String HAND_BACK = "AetherJobHandBack";
    /** Exchange property: the job's {@link Slot}, to ask for the machine alone. */
    public static final String SLOT = "AetherJobSlot";
    private final String queueName;
    private int concurrentConsumers = 1;

    JobQueueEndpoint(String uri, JobQueueComponent component, String queueName) {
        super(uri, component);
        this.queueName = queueName;
    }

    @Override
    public JobQueueComponent getComponent() {
        return (JobQueueComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new JobQueueProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        JobQueueConsumer consumer = new JobQueueConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    String queueName() {
        return queueName;
    }

    public int getConcurrentConsumers() {
        return concurrentConsumers;
    }

    public void setConcurrentConsumers(int concurrentConsumers) {
        this.concurrentConsumers = concurrentConsumers;
    }
}
