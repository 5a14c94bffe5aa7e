package io.aether.http;

import java.util.Map;

/** A request the API refuses, with the HTTP status, the reason the client reads and any headers the answer needs. */
public class ApiException extends RuntimeException {
    private final int status;
    private final Map<String, String> headers;

    public ApiException(int status, String reason) {
        this(status, reason, Map.of());
    }

    /** @param headers what the client needs to act on the refusal, such as Retry-After or WWW-Authenticate */
    public ApiException(int status, String reason, Map<String, String> headers) {
        super(reason);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The headers of the refusal in a failure's chain of causes, if it has one: Camel may wrap it. */
    public static Map<String, String> headersOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiException refusal) {
                return refusal.headers();
            }
        }
        return Map.of();
    }
}
