package io.aether.http;

/** The client sends the body too slowly to be worth one of the few upload slots. */
public final class TooSlowException extends IncompleteUploadException {
    public TooSlowException(long bytes, MinimumRate rate) {
        super("the client sent " + bytes + " bytes in " + rate.windowMs() / 1000.0 + " s, less than the minimum of "
                + rate.bytesPerSecond() + " bytes/s", null);
    }

    @Override
    public int status() {
        return 408;
    }
}
