package io.aether.tus;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import io.aether.errors.Conflict;
import io.aether.errors.InvalidRequest;
import io.aether.errors.TooLarge;
import io.aether.errors.UnsupportedMediaType;

/** The tus 1.0.0 header rules: parsing and checks only, no I/O, so each rule is unit-tested on its own. */
public final class TusRules {
    public static final String VERSION = "1.0.0";
    public static final String EXTENSIONS = "creation,creation-with-upload,termination,checksum,expiration";
    public static final String CHECKSUM_ALGORITHMS = "sha1";
    public static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";
    /** S3 refuses parts below 5 MiB except the last one. */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    /** S3 numbers parts 1..10000; part numbers are never reused (see TusStore), so leave room for retries. */
    static final int PLANNED_PARTS = 9000;
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");
    private static final Pattern MIME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]{0,63}/[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]{0,127}");
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** IMF-fixdate (RFC 7231): two-digit day, English names, GMT. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.US).withZone(ZoneOffset.UTC);

    private TusRules() {
    }

    /**
     * The tus operation a POST on an upload stands in for with X-HTTP-Method-Override, for clients
     * behind proxies that drop PATCH or DELETE; a POST without one is no tus operation on an upload.
     * Only a POST stands in for another method (the other methods' routes never read the header): a
     * HEAD or OPTIONS that a cache or a CORS preflight lets through must never turn into a DELETE.
     */
    public static String override(String override) {
        String method = override == null || override.isBlank() ? "POST" : override.trim().toUpperCase(Locale.ROOT);
        return switch (method) {
            case "HEAD" -> "head";
            case "PATCH" -> "patch";
            case "DELETE" -> "terminate";
            case "OPTIONS" -> "options";
            default -> throw new NotATusOperation(method);
        };
    }

    /** Every request but OPTIONS must speak the one version this server knows. */
    public static void requireVersion(String tusResumable) {
        if (tusResumable == null || !tusResumable.trim().equals(VERSION)) {
            throw new UnsupportedVersion("Tus-Resumable must be " + VERSION
                    + (tusResumable == null ? " (header missing)" : ", not " + tusResumable.trim()));
        }
    }

    /** The Upload-Length of a new upload: a plain non-negative integer within the server's limit. */
    public static long uploadLength(String header, String deferLength, long maxSize) {
        if (deferLength != null) {
            throw new InvalidRequest("Upload-Defer-Length is not supported: send Upload-Length");
        }
        if (header == null) {
            throw new InvalidRequest("Upload-Length is required");
        }
        long length = number(header, "Upload-Length");
        if (length == 0) {
            throw new InvalidRequest("Upload-Length must be at least 1: an empty file is no video");
        }
        if (length > maxSize) {
            throw new TooLarge("Upload-Length " + length + " exceeds Tus-Max-Size " + maxSize);
        }
        return length;
    }

    public static long uploadOffset(String header) {
        if (header == null) {
            throw new InvalidRequest("Upload-Offset is required");
        }
        return number(header, "Upload-Offset");
    }

    /** A PATCH may only continue exactly where the server's data ends. */
    public static void requireOffset(long requested, long current) {
        if (requested != current) {
            throw new Conflict("Upload-Offset " + requested + " does not match the upload's offset " + current);
        }
    }

    /** A body that would run past Upload-Length is refused before a byte of it is stored. */
    public static void requireFits(long offset, Long contentLength, long length) {
        if (contentLength != null && contentLength > length - offset) {
            throw new TooLarge("the body of " + contentLength + " bytes runs past Upload-Length " + length
                    + " from offset " + offset);
        }
    }

    public static boolean isOffsetOctetStream(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String base = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return base.trim().equalsIgnoreCase(OFFSET_OCTET_STREAM);
    }

    public static void requireOffsetOctetStream(String contentType) {
        if (!isOffsetOctetStream(contentType)) {
            throw new UnsupportedMediaType("Content-Type must be " + OFFSET_OCTET_STREAM
                    + (contentType == null ? "" : ", not " + contentType));
        }
    }

    /** The expected SHA-1 of the body from {@code Upload-Checksum: sha1 <base64>}, or null when absent. */
    public static byte[] checksum(String header) {
        if (header == null) {
            return null;
        }
        String[] parts = header.trim().split(" ");
        if (parts.length != 2) {
            throw new InvalidRequest("Upload-Checksum must be '<algorithm> <base64 digest>'");
        }
        if (!parts[0].equals(CHECKSUM_ALGORITHMS)) {
            throw new InvalidRequest("unsupported checksum algorithm " + parts[0] + ": use " + CHECKSUM_ALGORITHMS);
        }
        byte[] digest;
        try {
            digest = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("the Upload-Checksum digest is not valid base64");
        }
        if (digest.length != 20) {
            throw new InvalidRequest("a sha1 digest has 20 bytes, not " + digest.length);
        }
        return digest;
    }

    /** Upload ids are UUIDs; anything else is unknown here and never reaches a storage key. */
    public static String uploadId(String id) {
        if (id == null || !UUID_TEXT.matcher(id).matches()) {
            throw new UploadNotFound();
        }
        return UUID.fromString(id).toString();
    }

    /** The client's filetype, when it is a plausible media type; it becomes the raw object's Content-Type. */
    public static String contentType(String filetype) {
        if (filetype != null && MIME.matcher(filetype.trim()).matches()) {
            return filetype.trim().toLowerCase(Locale.ROOT);
        }
        return "application/octet-stream";
    }

    /**
     * The part size for an upload: the S3 minimum, or larger when the file would need more parts than S3
     * numbers, rounded up to a whole MiB.
     */
    public static long partSize(long length, long configured) {
        long size = Math.max(MIN_PART_SIZE, configured);
        long needed = (length + PLANNED_PARTS - 1) / PLANNED_PARTS;
        if (needed > size) {
            long mib = 1024L * 1024;
            size = (needed + mib - 1) / mib * mib;
        }
        return size;
    }

    /**
     * How many PATCH bodies a replica streams at once. Their parts share the replica's part buffers
     * (io.aether.store.PartBuffers), which bound the memory; this bounds the rest a body holds, the
     * request's read-ahead (4 MiB): unless configured, an eighth of the heap goes to that.
     */
    public static int maxWriters(int configured, long maxHeap) {
        if (configured > 0) {
            return configured;
        }
        return (int) Math.max(2, Math.min(1024, maxHeap / 8 / (4L * 1024 * 1024)));
    }

    /** Upload-Expires is an HTTP date (RFC 7231). */
    public static String httpDate(long epochMillis) {
        return HTTP_DATE.format(Instant.ofEpochMilli(epochMillis));
    }

    public static boolean expired(long expiresAt, long now) {
        return expiresAt <= now;
    }

    private static long number(String value, String name) {
        String v = value.trim();
        if (!DIGITS.matcher(v).matches()) {
            throw new InvalidRequest(name + " must be a non-negative integer");
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new InvalidRequest(name + " is too large");
        }
    }
}
