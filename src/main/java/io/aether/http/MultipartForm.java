package io.aether.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.aether.errors.InvalidRequest;
import io.aether.errors.UnsupportedMediaType;
import org.apache.commons.fileupload2.core.ParameterParser;

/** Walks a multipart/form-data body part by part without buffering the parts. */
public final class MultipartForm {
    private final MultipartReader reader;
    /** Small text fields to keep when their parts go by (options beside the file), and what they said. */
    private final java.util.Set<String> kept = new java.util.HashSet<>();
    private final Map<String, String> values = new java.util.HashMap<>();
    private static final int MAX_VALUE = 256;

    public record Part(String field, String filename, String contentType, InputStream body) {
    }

    public MultipartForm(InputStream body, String contentType) throws IOException {
        reader = new MultipartReader(body, boundary(contentType));
    }

    /** Boundary of a multipart/form-data content type; 415 for any other type. */
    public static byte[] boundary(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).trim();
        if (!type.startsWith("multipart/form-data")) {
            throw new UnsupportedMediaType("expected multipart/form-data with the video in the field 'video'");
        }
        Map<String, String> params = parser().parse(contentType, ';');
        String boundary = params.get("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw new InvalidRequest("multipart/form-data without a valid boundary");
        }
        return boundary.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Keeps the text of the fields named so as their parts go by, for {@link #value}. */
    public MultipartForm keep(String... fields) {
        kept.addAll(List.of(fields));
        return this;
    }

    /** A kept field's text, if its part went by (before the file, or after it once finished). */
    public Optional<String> value(String field) {
        return Optional.ofNullable(values.get(field));
    }

    /** The next part named {@code field}, skipping others; its body must be read to the end before moving on. */
    public Optional<Part> next(String field) throws IOException {
        Map<String, String> headers;
        while ((headers = reader.nextPart()) != null) {
            Part part = parse(headers);
            if (field.equals(part.field())) {
                return Optional.of(part);
            }
            remember(part);
        }
        return Optional.empty();
    }

    /** Reads past the current part and any others to the closing boundary. */
    public void finish() throws IOException {
        finish(null);
    }

    /**
     * Reads past the current part and any others to the closing boundary. A second part named
     * {@code field} is refused: keeping one of two files silently would store what the client may not mean.
     */
    public void finish(String field) throws IOException {
        Map<String, String> headers;
        while ((headers = reader.nextPart()) != null) {
            // each call discards the part before it
            Part part = parse(headers);
            if (field != null && field.equals(part.field())) {
                throw new InvalidRequest("the form has more than one field named '" + field + "'");
            }
            remember(part);
        }
    }

    private void remember(Part part) throws IOException {
        if (!kept.contains(part.field())) {
            return;
        }
        if (values.containsKey(part.field())) {
            throw new InvalidRequest("the form has more than one field named '" + part.field() + "'");
        }
        byte[] text = part.body().readNBytes(MAX_VALUE + 1);
        if (text.length > MAX_VALUE) {
            throw new InvalidRequest("the form field '" + part.field() + "' is longer than " + MAX_VALUE + " bytes");
        }
        values.put(part.field(), new String(text, StandardCharsets.UTF_8).trim());
    }

    private Part parse(Map<String, String> headers) {
        String type = headers.getOrDefault("content-type", "application/octet-stream");
        Map<String, String> params = parser().parse(headers.getOrDefault("content-disposition", ""), ';');
        return new Part(params.getOrDefault("name", ""), params.getOrDefault("filename", ""), type,
                reader.body());
    }

    private static ParameterParser parser() {
        ParameterParser parser = new ParameterParser();
        parser.setLowerCaseNames(true);
        return parser;
    }
}
