package io.aether.web;

import io.aether.http.Problem;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * The HTTP server's answer to a request its decoder could not take (a request line or headers too
 * long, conflicting framing, a malformed head): the status Vert.x would give, with the problem
 * details every other answer carries instead of an empty body. No route ever sees such a request.
 * Vert.x closes the connection once the answer is written: the rest of its input is not a request.
 */
final class InvalidRequests {
    /** Vert.x's limits (HttpServerOptions' defaults, which platform-http keeps). */
    static final String LINE = "the request line is too long: a URL may have at most about 4,000 characters";
    static final String HEADERS = "the request's headers are too large: at most 8 KB in all";
    static final String MALFORMED = "the request is malformed: ";

    private InvalidRequests() {
    }

    static void answer(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status;
        String detail;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            detail = LINE;
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            detail = HEADERS;
        } else if (cause instanceof StrictFramingDecoder.Conflict) {
            status = 400;
            detail = StrictFramingDecoder.REASON;
        } else {
            status = 400;
            // Netty's reasons name the fault ("Multiple Content-Length values found") and echo no input
            detail = MALFORMED + (cause == null ? "unreadable" : String.valueOf(cause.getMessage()));
        }
        Problem.end(request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE), status, detail);
    }
}
