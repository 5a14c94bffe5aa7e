package io.aether.errors;

/** A body of a type the API does not take; the reason names the type it takes. */
public class UnsupportedMediaType extends RuntimeException {
    public UnsupportedMediaType(String reason) {
        super(reason);
    }
}
