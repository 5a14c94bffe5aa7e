package io.aether.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import io.aether.access.ApiKeys;
import io.aether.errors.InvalidRequest;
import io.aether.errors.NotFound;
import io.aether.http.Replies;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/** The admin API under /api/v1/keys: make a key (shown once), list keys (never the key itself), revoke one. */
public final class KeysApi {
    private static final int MAX_BODY = 4096;
    private final ApiKeys keys;

    public KeysApi(ApiKeys keys) {
        this.keys = keys;
    }

    /** POST {"owner": "...", "name": "..."}: 201 with the key, which is not shown again. */
    public void create(Exchange exchange) {
        String text = exchange.getMessage().getBody(String.class);
        if (text == null || text.isBlank() || text.length() > MAX_BODY) {
            throw new InvalidRequest("send a JSON body such as {\"owner\": \"acme\", \"name\": \"laptop\"}");
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new InvalidRequest("the body is not JSON");
        }
        String owner = body.path("owner").asText("");
        if (!ApiKeys.OWNER.matcher(owner).matches()) {
            throw new InvalidRequest("owner must be 1-64 letters, digits or . _ @ -");
        }
        String name = body.path("name").asText("");
        if (name.length() > 200) {
            throw new InvalidRequest("name must be at most 200 characters");
        }
        Replies.json(exchange, 201, keys.create(owner, name));
    }

    public void list(Exchange exchange, @Header("owner") String owner) {
        List<Map<String, String>> items = keys.list(owner == null || owner.isBlank() ? null : owner);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        Replies.json(exchange, 200, body);
    }

    public void revoke(Exchange exchange, @Header("keyId") String id) {
        if (id == null || !keys.revoke(id)) {
            throw new NotFound("no key with id " + id);
        }
        Replies.status(exchange, 204).setBody(new byte[0]);
    }
}
