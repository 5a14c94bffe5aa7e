package io.aether.store;

/**
 * The webhook piece of the scripts that change a video, given by whoever delivers webhooks: an event
 * lands exactly when the change does, and the store needs to know nothing more of webhooks.
 */
public interface WebhookScript {
    /**
     * Lua that defines {@code webhook(hook, due, log, delivery, record, id, type, owner, ms, iso)}: when
     * the owner has a webhook, it stores delivery {@code id} of event {@code type} with the record as it is.
     */
    String function();

    /** The owner's webhook. */
    String hookKey(String owner);

    /** The deliveries waiting to be made. */
    String dueKey();

    /** The owner's latest deliveries. */
    String logKey(String owner);

    String deliveryKey(String eventId);
}
