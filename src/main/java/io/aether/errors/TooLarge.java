package io.aether.errors;

/** A body or a declared length over a limit; the reason names the limit. */
public class TooLarge extends RuntimeException {
    public TooLarge(String reason) {
        super(reason);
    }
}
