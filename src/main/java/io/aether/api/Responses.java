package io.aether.api;

import io.aether.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

final class Responses {
    private Responses() {
    }

    static void json(Exchange exchange, int status, Object body) {
        Message out = exchange.getMessage();
        // platform-http would echo the request headers otherwise
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(Json.write(body));
    }
}
