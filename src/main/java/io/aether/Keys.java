package io.aether;

/**
 * The exchange property and header names that the YAML routes read, and the Java steps set. One
 * name per thing: the video's id is {@code videoId} on the API, in a queue entry and on the worker.
 */
public final class Keys {
    /** The video's id: a property of API exchanges, a field of a queue entry and a header of the job. */
    public static final String VIDEO_ID = "videoId";
    /** Property: the raw object a multipart upload is writing, removed again when the upload is refused. */
    public static final String RAW_KEY = "rawKey";
    /** Property: the tus operation a request asks for (create, head, patch, terminate or options). */
    public static final String TUS_VERB = "tusVerb";
    /** Property: the upload is complete and its transcode job, now the body, is still to be enqueued. */
    public static final String HAND_OFF = "handOff";
    /** Property: the status that an onException clause of routes/api/errors.yaml chose. */
    public static final String ERROR_STATUS = "errorStatus";
    /** Property: the reason that clause gives the client. */
    public static final String ERROR_REASON = "errorReason";

    /**
     * Property: the owner whose API key authenticated the request (io.aether.access.Access). A
     * property, never a header: a client can send any header.
     */
    public static final String OWNER = "aether.owner";
    /** Property: the id of that API key, which per-key limits count against. */
    public static final String KEY_ID = "aether.keyId";

    private Keys() {
    }
}
