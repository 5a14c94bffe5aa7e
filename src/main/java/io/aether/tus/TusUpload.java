package io.aether.tus;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.aether.store.Video;

/**
 * One upload as recorded in its Redis hash. The API holds none of this between requests: every
 * request reads it afresh, so any replica can continue any upload.
 *
 * @param offset bytes acknowledged: those in committed parts plus the stored tail
 * @param partsBytes bytes in committed parts; offset - partsBytes is the tail's length
 * @param s3UploadId the object store's multipart upload this file's parts belong to
 * @param owner the owner of the API key that created it; only they may use it, and the video is theirs
 */
public record TusUpload(String id, Phase phase, long length, long offset, long partsBytes, long partSize,
        String s3UploadId, String objectKey, String metadata, String filename, String filetype, long expiresAt,
        String owner) {

    /** Where an upload is in its life; only UPLOADING takes bytes. */
    public enum Phase {
        UPLOADING,
        /** every byte is committed; the object is not yet completed or the video not yet handed off */
        FINISHING,
        /** the object is complete and the video recorded; the transcode job is being enqueued */
        HANDOFF,
        /** the job was enqueued; the record stays a while so a retried final PATCH still finds it */
        COMPLETED,
        /** abandoned and cleaned up; kept as a marker so clients hear 410 rather than 404 */
        EXPIRED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Phase of(String wire) {
            return Phase.valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }

    public static TusUpload from(Map<String, String> hash) {
        return new TusUpload(hash.get("id"), Phase.of(hash.get("state")), number(hash, "length"),
                number(hash, "offset"), number(hash, "partsBytes"), number(hash, "partSize"),
                hash.getOrDefault("uploadId", ""), hash.getOrDefault("key", ""), hash.getOrDefault("metadata", ""),
                hash.getOrDefault("filename", ""), hash.getOrDefault("filetype", ""), number(hash, "expires"),
                hash.getOrDefault("owner", ""));
    }

    public Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("state", phase.wire());
        fields.put("length", Long.toString(length));
        fields.put("offset", Long.toString(offset));
        fields.put("partsBytes", Long.toString(partsBytes));
        fields.put("partSize", Long.toString(partSize));
        fields.put("uploadId", s3UploadId);
        fields.put("key", objectKey);
        fields.put("metadata", metadata);
        fields.put("filename", filename);
        fields.put("filetype", filetype);
        fields.put("expires", Long.toString(expiresAt));
        fields.put("owner", owner);
        return fields;
    }

    /** What the video's record says of its source once the upload is complete. */
    public Video.Upload video() {
        // Upload-Metadata "public true" makes the video playable without a token
        UploadMetadata parsed = UploadMetadata.parse(metadata);
        return new Video.Upload(owner, filename, filetype, length, objectKey, "tus",
                "true".equals(parsed.values().get("public")), parsed.ladder());
    }

    /** Whether this caller may see and use the upload; anyone else is told it does not exist. */
    public boolean ownedBy(String caller) {
        return caller != null && !owner.isEmpty() && owner.equals(caller);
    }

    public long tailLength() {
        return offset - partsBytes;
    }

    /** Every byte has arrived, whatever is left to do with them. */
    public boolean complete() {
        return phase == Phase.FINISHING || phase == Phase.HANDOFF || phase == Phase.COMPLETED;
    }

    /** Gone for the client: cleaned up already, or past its expiry and waiting for the sweeper. */
    public boolean expired(long now) {
        return phase == Phase.EXPIRED || (phase == Phase.UPLOADING && TusRules.expired(expiresAt, now));
    }

    private static long number(Map<String, String> hash, String field) {
        String value = hash.get(field);
        return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
    }
}
