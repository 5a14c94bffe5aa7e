package io.aether.tus;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.aether.errors.InvalidRequest;
import io.aether.http.FileNames;

/**
 * The Upload-Metadata header: comma-separated pairs of an ASCII key and a base64 value. Only
 * filename and filetype mean something here, and only as descriptions: the name is cleaned and
 * never used as a path, the object key is always {@code {id}/source}.
 */
public record UploadMetadata(String header, Map<String, String> values) {
    /** Kept in Redis and echoed on HEAD, so bounded. */
    static final int MAX_HEADER = 4096;
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x2b\\x2d-\\x7e]+");

    public static UploadMetadata parse(String header) {
        if (header == null || header.isBlank()) {
            return new UploadMetadata("", Map.of());
        }
        if (header.length() > MAX_HEADER) {
            throw new InvalidRequest("Upload-Metadata is longer than " + MAX_HEADER + " characters");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : header.split(",", -1)) {
            String[] kv = pair.trim().split(" ", -1);
            if (kv.length > 2 || kv[0].isEmpty() || !KEY.matcher(kv[0]).matches()) {
                throw new InvalidRequest("Upload-Metadata must be comma-separated '<key> <base64 value>' pairs");
            }
            if (values.containsKey(kv[0])) {
                throw new InvalidRequest("Upload-Metadata repeats the key " + kv[0]);
            }
            values.put(kv[0], kv.length == 2 ? decode(kv[0], kv[1]) : "");
        }
        return new UploadMetadata(header.trim(), Collections.unmodifiableMap(values));
    }

    /** The ladder the upload asks for (per-title or fixed), null for the deployment's; 400 for anything else. */
    public String ladder() {
        try {
            return io.aether.media.LadderChoice.asked(values.get("ladder"));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("Upload-Metadata ladder must be per-title or fixed");
        }
    }

    /** The client's file name as a safe label (no directories, no control characters), maybe empty. */
    public String filename() {
        return FileNames.clean(values.get("filename"));
    }

    /** The client's media type when plausible, else application/octet-stream. */
    public String filetype() {
        return TusRules.contentType(values.get("filetype"));
    }

    private static String decode(String key, String value) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("the Upload-Metadata value of " + key + " is not valid base64");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequest("the Upload-Metadata value of " + key + " is not UTF-8 text");
        }
    }
}
