package io.aether.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.aether.Json;
import io.aether.http.Replies;
import org.apache.camel.Exchange;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * GET /api/openapi.json: the API's contract, kept as YAML in the repository
 * (src/main/resources/openapi/aether.yaml) and served as JSON. It is read once, at startup, so a
 * broken document stops the API from starting rather than answering 500 later.
 */
public final class ApiContract {
    /** Where the document is on the class path. */
    public static final String RESOURCE = "openapi/aether.yaml";

    private final String json;

    public ApiContract() {
        json = Json.write(load());
    }

    /** The document as plain maps and lists. */
    public static Object load() {
        try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return new Load(LoadSettings.builder().build()).loadFromInputStream(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void serve(Exchange exchange) {
        Replies.status(exchange, 200).setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(json);
    }
}
