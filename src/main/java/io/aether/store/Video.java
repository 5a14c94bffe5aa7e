package io.aether.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import io.aether.Json;
import io.aether.jobs.JobState;
import io.aether.media.Encoding;

/**
 * A video's record, the Redis hash {@code aether:video:ID}. Its field names live here (and in {@link Rung} and
 * {@link Download}, which read their own) and in the store's scripts only: features read the record's accessors
 * and write through {@link Changes}.
 * A field the hash lacks reads as 0, false, an empty list or null (the file name as "").
 *
 * @param status null only for a record that never had one
 * @param revision how many state changes it went through, a worker handing the job back too: it orders them
 * @param worker the worker that owns the active job; "" once it was handed back
 * @param error why the last attempt or the video failed; "" once it completed
 * @param source how it was uploaded: multipart or tus
 * @param rawKey the uploaded object in the raw bucket
 * @param duration seconds of media, null until probed
 * @param chunks how many chunks it was cut into, 0 when transcoded in one pass
 * @param playable whether it plays now: completed, or chunked with its first chunk stored
 * @param downloads the MP4/M4A downloads asked for, in the order of their rendition names
 * @param ladderAsked per-title or fixed as the upload asked; null: the worker's default
 * @param ladder per-title or fixed as the worker decided; null until it did
 * @param ladderReason why per-title was asked but not used, else null
 * @param renditions the rungs of the ladder the worker chose, highest first; empty until it did
 * @param encodings how each rung is encoded, by rendition name (empty until decided)
 * @param quality each measured rendition's quality, the JSON the API shows (media/RungQuality)
 */
public record Video(String id, String owner, JobState status, int attempts, int progress, long revision,
                    String worker, String error, Instant createdAt, Instant updatedAt, Instant startedAt,
                    Instant completedAt, String filename, String contentType, long size, String source, String rawKey,
                    boolean isPublic, Double duration, int width, int height, boolean hasAudio,
                    List<Rung> renditions, int chunks, boolean playable, List<Download> downloads,
                    String ladderAsked, String ladder, String ladderReason, Map<String, Encoding> encodings,
                    Map<String, String> quality) {
    static final String ID = "id";
    static final String OWNER = "owner";
    static final String STATUS = "status";
    static final String ATTEMPTS = "attempts";
    static final String PROGRESS = "progress";
    static final String REVISION = "revision";
    static final String WORKER = "worker";
    static final String ERROR = "error";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String STARTED_AT = "startedAt";
    static final String COMPLETED_AT = "completedAt";
    static final String FILENAME = "filename";
    static final String CONTENT_TYPE = "contentType";
    static final String SIZE = "size";
    static final String SOURCE = "source";
    static final String RAW_KEY = "rawKey";
    static final String PUBLIC = "public";
    static final String DURATION = "duration";
    static final String WIDTH = "width";
    static final String HEIGHT = "height";
    static final String HAS_AUDIO = "hasAudio";
    static final String CHUNKS = "chunks";
    static final String LADDER_ASKED = "ladderAsked";
    static final String LADDER = "ladder";
    static final String LADDER_REASON = "ladderReason";
    /** A JSON object: rendition name to its {@link Encoding}. */
    static final String ENCODINGS = "encodings";
    static final String PLAYABLE = "playable";
    /** The captions' languages (a JSON list, see CaptionsStore) and the first PTS their segments map to. */
    static final String CAPTIONS = "captions";
    static final String FIRST_PTS = "firstPts";
    /** One field per measured rendition, {@code quality:<rendition>}, valued its quality as JSON. */
    static final String QUALITY = "quality:";

    /** A width and a height. */
    public record Size(int width, int height) {
    }

    /** The rungs' names, highest first. */
    public List<String> renditionNames() {
        return renditions.stream().map(Rung::name).toList();
    }

    /** What an upload tells of its video when the record is made. */
    public record Upload(String owner, String filename, String contentType, long size, String rawKey, String source,
                         boolean isPublic, String ladder) {
        /** An upload that asks for no particular ladder: the worker's default. */
        public Upload(String owner, String filename, String contentType, long size, String rawKey, String source,
                      boolean isPublic) {
            this(owner, filename, contentType, size, rawKey, source, isPublic, null);
        }
    }

    /** Reads a record's hash, or the copy of it a webhook delivery keeps. */
    public static Video parse(Map<String, String> hash) {
        String id = hash.get(ID);
        String status = hash.get(STATUS);
        JobState state = status == null ? null : JobState.fromWire(status);
        return new Video(id, hash.get(OWNER), state, (int) number(hash, ATTEMPTS), (int) number(hash, PROGRESS),
                number(hash, REVISION), hash.get(WORKER), hash.get(ERROR), time(hash, CREATED_AT),
                time(hash, UPDATED_AT), time(hash, STARTED_AT), time(hash, COMPLETED_AT),
                hash.getOrDefault(FILENAME, ""), hash.get(CONTENT_TYPE), number(hash, SIZE), hash.get(SOURCE),
                hash.getOrDefault(RAW_KEY, id + "/source"), "true".equals(hash.get(PUBLIC)),
                hash.containsKey(DURATION) ? Double.valueOf(hash.get(DURATION)) : null, (int) number(hash, WIDTH),
                (int) number(hash, HEIGHT), "true".equals(hash.get(HAS_AUDIO)),
                Rung.read(hash), (int) number(hash, CHUNKS),
                state == JobState.COMPLETED || "true".equals(hash.get(PLAYABLE)), Download.read(hash),
                hash.get(LADDER_ASKED), hash.get(LADDER), hash.get(LADDER_REASON), encodings(hash.get(ENCODINGS)),
                quality(hash));
    }

    private static Map<String, String> quality(Map<String, String> hash) {
        Map<String, String> quality = new LinkedHashMap<>();
        hash.forEach((field, value) -> {
            if (field.startsWith(QUALITY)) {
                quality.put(field.substring(QUALITY.length()), value);
            }
        });
        return quality;
    }

    private static Map<String, Encoding> encodings(String json) {
        return json == null || json.isEmpty() ? Map.of() : Json.read(json, ENCODING_MAP);
    }

    private static final TypeReference<LinkedHashMap<String, Encoding>> ENCODING_MAP = new TypeReference<>() { };

    /** The hash of a new record, waiting for its first attempt. */
    static Map<String, String> created(String id, Upload upload, Instant now) {
        Map<String, String> hash = new LinkedHashMap<>();
        hash.put(FILENAME, upload.filename());
        hash.put(CONTENT_TYPE, upload.contentType());
        hash.put(SIZE, Long.toString(upload.size()));
        hash.put(RAW_KEY, upload.rawKey());
        hash.put(SOURCE, upload.source());
        hash.put(PUBLIC, Boolean.toString(upload.isPublic()));
        hash.put(OWNER, upload.owner());
        hash.put(LADDER_ASKED, upload.ladder());
        hash.put(ID, id);
        hash.put(STATUS, JobState.WAITING.wire());
        hash.put(ATTEMPTS, "0");
        hash.put(PROGRESS, "0");
        hash.put(CREATED_AT, now.toString());
        hash.put(UPDATED_AT, now.toString());
        // Redis refuses a null value; an upload that does not know a field leaves it out
        hash.values().removeIf(value -> value == null);
        return hash;
    }

    /** Fields to change in a record; its state changes through {@link VideoStore#apply} only. */
    public static final class Changes {
        private final Map<String, String> fields = new LinkedHashMap<>();

        public Changes worker(String worker) {
            return put(WORKER, worker);
        }

        public Changes startedAt(Instant at) {
            return put(STARTED_AT, at.toString());
        }

        public Changes completedAt(Instant at) {
            return put(COMPLETED_AT, at.toString());
        }

        public Changes progress(int percent) {
            return put(PROGRESS, Integer.toString(percent));
        }

        /** "" clears the reason of an earlier attempt. */
        public Changes error(String error) {
            return put(ERROR, error);
        }

        public Changes isPublic(boolean isPublic) {
            return put(PUBLIC, Boolean.toString(isPublic));
        }

        /** What the probe found. */
        public Changes media(double duration, int width, int height, boolean hasAudio) {
            put(DURATION, Double.toString(duration));
            put(WIDTH, Integer.toString(width));
            put(HEIGHT, Integer.toString(height));
            return put(HAS_AUDIO, Boolean.toString(hasAudio));
        }

        /**
         * The ladder the worker chose: per-title or fixed, why per-title was not used ("" when it was or
         * was not asked), and each rung's encoding, by name, highest first.
         */
        public Changes ladder(String ladder, String reason, Map<String, Encoding> encodings) {
            put(LADDER, ladder);
            put(LADDER_REASON, reason == null ? "" : reason);
            return put(ENCODINGS, Json.write(encodings));
        }

        /** The rungs the ladder kept, highest first (a per-title ladder may drop some the probe planned). */
        public Changes renditions(List<Rung> rungs) {
            return put(Rung.FIELD, Json.write(rungs));
        }

        /** Measured quality by rendition name (JSON each). */
        public Changes quality(Map<String, String> byRendition) {
            byRendition.forEach((rendition, json) -> put(QUALITY + rendition, json));
            return this;
        }

        /** Cut into chunks, none stored yet: not playable until the first one is. */
        public Changes chunked(int count) {
            put(CHUNKS, Integer.toString(count));
            return put(PLAYABLE, "false");
        }

        /** The first video frame's presentation timestamp (90 kHz), measured on the stored first segment. */
        public Changes firstPts(long pts) {
            return put(FIRST_PTS, Long.toString(pts));
        }

        Changes captions(String json) {
            return put(CAPTIONS, json);
        }

        /** The fields by name, with the time of the change. */
        Map<String, String> fields(Instant now) {
            Map<String, String> out = new LinkedHashMap<>(fields);
            out.put(UPDATED_AT, now.toString());
            return out;
        }

        private Changes put(String field, String value) {
            fields.put(field, value);
            return this;
        }
    }

    private static long number(Map<String, String> hash, String field) {
        String value = hash.get(field);
        return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
    }

    private static Instant time(Map<String, String> hash, String field) {
        String value = hash.get(field);
        return value == null || value.isEmpty() ? null : Instant.parse(value);
    }
}
