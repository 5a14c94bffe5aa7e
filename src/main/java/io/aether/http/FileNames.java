package io.aether.http;

/** A client's file name is kept as metadata only; this makes it safe to store and show. */
public final class FileNames {
    private static final int MAX_LENGTH = 255;

    private FileNames() {
    }

    public static String clean(String name) {
        if (name == null) {
            return "";
        }
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder out = new StringBuilder();
        base.codePoints().filter(c -> !Character.isISOControl(c)).forEach(out::appendCodePoint);
        String cleaned = out.toString().trim();
        if (cleaned.equals(".") || cleaned.equals("..")) {
            return "";
        }
        return cleaned.length() > MAX_LENGTH ? cleaned.substring(0, MAX_LENGTH) : cleaned;
    }
}
