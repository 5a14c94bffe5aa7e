package io.aether.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.aether.errors.InvalidRequest;
import io.aether.errors.UnsupportedMediaType;
import org.apache.commons.fileupload2.core.ParameterParser;

/** Walks a multipart/form-data body part by part without buffering the parts. */
public final class MultipartForm {
    private final MultipartReader reader;

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

    /** The next part named {@code field}, skipping others; its body must be read to the end before moving on. */
    public Optional<Part> next(String field) throws IOException {
        Map<String, String> headers;
        while ((headers = reader.nextPart()) != null) {
            Part part = parse(headers);
            if (field.equals(part.field())) {
                return Optional.of(part);
            }
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
            if (field != null && field.equals(parse(headers).field())) {
                throw new InvalidRequest("the form has more than one field named '" + field + "'");
            }
        }
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
