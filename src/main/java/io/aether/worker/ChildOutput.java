package io.aether.worker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** What a child printed, as text: all of it (ffprobe's answer), or the end of it for an error message. */
final class ChildOutput {
    private static final int ERROR_TAIL = 400;

    private ChildOutput() {
    }

    static String text(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String tail(InputStream stderr) throws IOException {
        String text = text(stderr).strip();
        return text.length() <= ERROR_TAIL ? text : "…" + text.substring(text.length() - ERROR_TAIL);
    }
}
