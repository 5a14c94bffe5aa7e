package io.aether.tus;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.aether.http.Problem;
import io.aether.http.Replies;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** tus answers: every one carries Tus-Resumable; errors carry the problem details of the rest of the API. */
final class TusResponses {
    private TusResponses() {
    }

    static void reply(Exchange exchange, int status, Map<String, String> headers, String reason) {
        Message out = Replies.status(exchange, status);
        out.setHeader("Tus-Resumable", TusRules.VERSION);
        headers.forEach((name, value) -> Replies.header(exchange, name, value));
        if (reason == null) {
            out.setBody(new byte[0]); // Content-Length: 0 rather than an empty chunked body
        } else {
            out.setHeader(Exchange.CONTENT_TYPE, Problem.CONTENT_TYPE);
            out.setBody(Problem.json(status, reason).getBytes(StandardCharsets.UTF_8));
        }
    }
}
