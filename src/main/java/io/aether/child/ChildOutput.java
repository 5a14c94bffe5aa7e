package io.aether.child;

import java.nio.charset.StandardCharsets;

/** What a child printed, as text: all of it (ffprobe's answer), or the end of it for an error message. */
public final class ChildOutput {
    private static final int ERROR_TAIL = 400;

    private ChildOutput() {
    }

    public static String text(byte[] output) {
        return new String(output, StandardCharsets.UTF_8);
    }

    public static String tail(byte[] stderr) {
        String text = text(stderr).strip();
        return text.length() <= ERROR_TAIL ? text : "…" + text.substring(text.length() - ERROR_TAIL);
    }
}
