package io.aether.media;

/** The input cannot be transcoded; retrying will not help. */
public class InvalidMediaException extends Exception {

    public InvalidMediaException(String message) {
        super(message);
    }

    public InvalidMediaException(String message, Throwable cause) {
        super(message, cause);
    }
}
