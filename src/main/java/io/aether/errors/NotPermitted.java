package io.aether.errors;

/** The caller is known, but what it asks is not allowed to it (or to anyone, while it is switched off). */
public class NotPermitted extends RuntimeException {
    public NotPermitted(String reason) {
        super(reason);
    }
}
