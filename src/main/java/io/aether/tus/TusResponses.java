package io.aether.tus;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.aether.Json;
import io.aether.http.Replies;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** tus answers: every one carries Tus-Resumable; errors carry a short JSON reason like the rest of the API. */
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
            out.setHeader(Exchange.CONTENT_TYPE, "application/json");
            out.setBody(Json.write(Replies.error(status, reason)).getBytes(StandardCharsets.UTF_8));
        }
    }
}
