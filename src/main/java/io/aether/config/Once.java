package io.aether.config;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One bean of a configuration: made the first time anything asks for it, the same one after. Camel
 * binds each {@code @BindToRegistry} method's result once, in an order of its own; beans that use
 * each other call these methods, so the order does not matter and nothing is made twice.
 */
final class Once<T> {
    private T value;

    synchronized T get(Supplier<T> make) {
        if (value == null) {
            value = make.get();
        }
        return value;
    }

    /** For closing: only what was made. */
    synchronized void ifMade(Consumer<T> use) {
        if (value != null) {
            use.accept(value);
        }
    }
}
