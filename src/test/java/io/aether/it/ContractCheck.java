package io.aether.it;

import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.OpenApi31;
import io.aether.Json;
import io.aether.api.ApiContract;

/**
 * Checks a real answer against the API's contract (src/main/resources/openapi/aether.yaml, the
 * document GET /api/openapi.json serves): its path and method lead to an operation, the operation
 * documents its status, the required headers are there, and its body has a documented content type
 * and validates against that type's schema (JSON Schema 2020-12, as OpenAPI 3.1 has it). Any
 * mismatch is an AssertionError, so an answer that drifts from the contract fails the test that got it.
 */
public final class ContractCheck {
    /** The document's base URI for the validator; never fetched. */
    private static final String DOCUMENT = "https://aether.dev/openapi.json";
    private static final JsonNode SPEC = Json.MAPPER.valueToTree(ApiContract.load());
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(OpenApi31.getInstance(),
            builder -> builder.schemas(Map.of(DOCUMENT, Json.write(SPEC)))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private static final Map<String, Schema> LOADED = new ConcurrentHashMap<>();

    private ContractCheck() {
    }

    public static JsonNode document() {
        return SPEC;
    }

    /**
     * @param headers the answer's headers, names in any case
     * @param body the answer's body as text ("" for none)
     */
    public static void check(String method, URI uri, int status, Map<String, List<String>> headers, String body) {
        String what = method + " " + uri.getRawPath() + " answered " + status + " " + shorten(body);
        Optional<String> template = template(uri.getRawPath());
        JsonNode operation = template.map(t -> SPEC.path("paths").path(t).path(method.toLowerCase(Locale.ROOT)))
                .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
        String code = Integer.toString(status);
        String pointer;
        if (operation.isObject() && operation.path("responses").has(code)) {
            pointer = "/paths/" + escape(template.get()) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + code;
        } else if (SPEC.path("x-every-request").has(code)) {
            pointer = "/x-every-request/" + code;
        } else if (!operation.isObject() && SPEC.path("x-unrouted").has(code)) {
            pointer = "/x-unrouted/" + code;
        } else {
            throw new AssertionError("the contract does not document this answer: " + what
                    + (template.isPresent() ? " (path " + template.get() + ")" : " (no such path)"));
        }
        pointer = resolve(pointer);
        JsonNode response = at(pointer);
        for (Iterator<Map.Entry<String, JsonNode>> it = response.path("headers").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> header = it.next();
            if (resolvedNode(header.getValue()).path("required").asBoolean(false) && value(headers, header.getKey()) == null) {
                throw new AssertionError("the answer lacks the required header " + header.getKey() + ": " + what);
            }
        }
        JsonNode content = response.path("content");
        boolean empty = body == null || body.isEmpty();
        if (!content.isObject()) {
            if (!empty) {
                throw new AssertionError("the contract documents no body for this answer: " + what);
            }
            return;
        }
        if (empty && method.equalsIgnoreCase("HEAD")) {
            return;
        }
        String type = Optional.ofNullable(value(headers, "Content-Type")).map(t -> t.split(";")[0].trim()
                .toLowerCase(Locale.ROOT)).orElse("");
        if (!content.has(type)) {
            throw new AssertionError("Content-Type '" + type + "' is not documented (" + fieldNames(content) + "): " + what);
        }
        if (!type.endsWith("json")) {
            return; // playlists, segments, the page: their schema is a plain string
        }
        String schemaPointer = pointer + "/content/" + escape(type) + "/schema";
        Schema schema = LOADED.computeIfAbsent(schemaPointer,
                p -> SCHEMAS.getSchema(SchemaLocation.of(DOCUMENT + "#" + p)));
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("the body is not JSON: " + what, e);
        }
        List<Error> errors = schema.validate(json);
        if (!errors.isEmpty()) {
            throw new AssertionError("the body does not match the contract (" + schemaPointer + "): " + errors + ": " + what);
        }
    }

    /** A message the live WebSocket sent, against the contract's LiveMessage. */
    public static void checkLiveMessage(String json) {
        String pointer = "/components/schemas/LiveMessage";
        Schema schema = LOADED.computeIfAbsent(pointer, p -> SCHEMAS.getSchema(SchemaLocation.of(DOCUMENT + "#" + p)));
        List<Error> errors;
        try {
            errors = schema.validate(Json.MAPPER.readTree(json));
        } catch (Exception e) {
            throw new AssertionError("a live message is not JSON: " + shorten(json), e);
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("a live message does not match the contract: " + errors + ": " + shorten(json));
        }
    }

    /** The documented path template the raw path falls under; literal segments win over templated ones. */
    private static final String JOLOKIA = "/observe/jolokia";

    static Optional<String> template(String rawPath) {
        if (rawPath.startsWith(JOLOKIA + "/")) {
            return Optional.of(JOLOKIA); // Jolokia's own protocol below its path: one operation in the contract
        }
        String[] parts = split(rawPath);
        String best = null;
        int bestTemplated = Integer.MAX_VALUE;
        for (Iterator<String> it = SPEC.path("paths").fieldNames(); it.hasNext();) {
            String candidate = it.next();
            String[] pattern = split(candidate);
            if (pattern.length != parts.length) {
                continue;
            }
            int templated = 0;
            boolean matches = true;
            for (int i = 0; i < parts.length && matches; i++) {
                if (pattern[i].startsWith("{") && pattern[i].endsWith("}")) {
                    templated++;
                    matches = !parts[i].isEmpty();
                } else {
                    matches = pattern[i].equals(parts[i]);
                }
            }
            if (matches && templated < bestTemplated) {
                best = candidate;
                bestTemplated = templated;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String[] split(String path) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.equals("/") ? new String[0] : trimmed.substring(1).split("/", -1);
    }

    /** Follows local $refs to the node they name; returns the final pointer. */
    private static String resolve(String pointer) {
        for (int hops = 0; hops < 10; hops++) {
            JsonNode ref = at(pointer).path("$ref");
            if (!ref.isTextual()) {
                return pointer;
            }
            pointer = ref.asText().substring(1);
        }
        throw new AssertionError("$ref loop at " + pointer);
    }

    private static JsonNode resolvedNode(JsonNode node) {
        JsonNode ref = node.path("$ref");
        return ref.isTextual() ? at(resolve(ref.asText().substring(1))) : node;
    }

    private static JsonNode at(String pointer) {
        JsonNode node = SPEC.at(pointer);
        if (node.isMissingNode()) {
            throw new AssertionError("the contract has nothing at " + pointer);
        }
        return node;
    }

    static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }

    private static String value(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return header.getValue().get(0);
            }
        }
        return null;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String shorten(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
