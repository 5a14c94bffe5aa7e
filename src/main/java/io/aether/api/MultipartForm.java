package io.aether.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.fileupload2.core.MultipartInput;
import org.apache.commons.fileupload2.core.ParameterParser;

/** Walks a multipart/form-data body part by part without buffering the parts. */
final class MultipartForm {
    private final MultipartInput input;
    private boolean more;

    record Part(String field, String filename, String contentType, InputStream body) {
    }

    MultipartForm(InputStream body, String contentType) throws IOException {
        input = MultipartInput.builder().setInputStream(body).setBoundary(boundary(contentType)).get();
        more = input.skipPreamble();
    }

    /** Boundary of a multipart/form-data content type; 415 for any other type. */
    static byte[] boundary(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).trim();
        if (!type.startsWith("multipart/form-data")) {
            throw new ApiException(415, "expected multipart/form-data with the video in the field 'video'");
        }
        Map<String, String> params = parser().parse(contentType, ';');
        String boundary = params.get("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw new ApiException(400, "multipart/form-data without a valid boundary");
        }
        return boundary.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The next part named {@code field}, skipping others; its body must be read to the end before moving on. */
    Optional<Part> next(String field) throws IOException {
        while (more) {
            Part part = parse(input.readHeaders());
            if (field.equals(part.field())) {
                return Optional.of(part);
            }
            input.discardBodyData();
            more = input.readBoundary();
        }
        return Optional.empty();
    }

    /** Reads past the current part and any others to the closing boundary. */
    void finish() throws IOException {
        more = input.readBoundary();
        while (more) {
            input.readHeaders();
            input.discardBodyData();
            more = input.readBoundary();
        }
    }

    private Part parse(String headers) {
        String disposition = "";
        String type = "application/octet-stream";
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-disposition")) {
                disposition = value;
            } else if (name.equals("content-type")) {
                type = value;
            }
        }
        Map<String, String> params = parser().parse(disposition, ';');
        return new Part(params.getOrDefault("name", ""), params.getOrDefault("filename", ""), type,
                input.newInputStream());
    }

    private static ParameterParser parser() {
        ParameterParser parser = new ParameterParser();
        parser.setLowerCaseNames(true);
        return parser;
    }
}
