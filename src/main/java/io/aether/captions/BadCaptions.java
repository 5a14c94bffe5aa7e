package io.aether.captions;

/** A captions file that cannot be served; {@code line} (1-based, 0 for the whole file) says where. */
public final class BadCaptions extends Exception {
    private final int line;

    public BadCaptions(int line, String reason) {
        super(line > 0 ? "line " + line + ": " + reason : reason);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
