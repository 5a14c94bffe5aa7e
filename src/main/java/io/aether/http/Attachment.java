package io.aether.http;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The Content-Disposition of a file to save: named after the client's file name, which is only ever a
 * name here, never a path (no slash, no dot in front, nothing but letters, digits, '-', '_' and '.').
 */
public final class Attachment {
    private static final int MAX_STEM = 100;

    private Attachment() {
    }

    /** @param original the uploaded file's name; its extension gives way to {@code suffix} */
    public static String disposition(String original, String suffix) {
        String name = stem(original) + suffix;
        return "attachment; filename=\"" + name + "\"; filename*=UTF-8''" + encode(name);
    }

    /** The name without its extension, made of safe characters only; "video" when nothing is left. */
    static String stem(String original) {
        String base = FileNames.clean(original);
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        StringBuilder out = new StringBuilder();
        base.codePoints().forEach(c -> out.append(c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_'
                || c == '.') ? (char) c : '_'));
        String safe = out.toString().replaceAll("_+", "_").replaceAll("^[._]+", "");
        if (safe.length() > MAX_STEM) {
            safe = safe.substring(0, MAX_STEM);
        }
        return safe.isEmpty() ? "video" : safe;
    }

    private static String encode(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' || c == '.') {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }
}
