package io.aether.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import io.aether.Keys;
import io.aether.errors.InvalidRequest;
import io.aether.errors.NotFound;
import io.aether.errors.TooLarge;
import io.aether.http.LimitedInputStream;
import io.aether.http.MinimumRate;
import io.aether.http.Replies;
import io.aether.http.TooLargeException;
import io.aether.http.RequestInputStream;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * The owner's webhook: PUT, GET and DELETE /api/v1/webhook, POST /api/v1/webhook/secret (a new
 * signing secret, the old one honoured for a while) and GET /api/v1/webhook/deliveries. The owner is whose key authenticated the request.
 */
public final class WebhooksApi {
    private static final int MAX_BODY = 8 * 1024;
    private static final long BODY_TIMEOUT_MS = 10_000;
    private static final int MAX_LIMIT = 200;

    private final WebhookStore store;
    private final AddressPolicy policy;
    private final long rotationWindowMs;

    /** @param rotationWindowMs how long a rotated-out secret goes on signing beside the new one */
    public WebhooksApi(WebhookStore store, AddressPolicy policy, long rotationWindowMs) {
        this.store = store;
        this.policy = policy;
        this.rotationWindowMs = rotationWindowMs;
    }

    /** Sets the URL: 201 with the signing secret for a new webhook, 200 without it for a changed one. */
    public void set(Exchange exchange) {
        String owner = owner(exchange);
        JsonNode body = body(exchange);
        String url = body.path("url").isTextual() ? body.path("url").asText().trim() : null;
        policy.resolve(AddressPolicy.check(url));
        boolean created = store.set(owner, url);
        WebhookStore.Hook hook = store.hook(owner).orElseThrow();
        Map<String, Object> reply = describe(hook);
        if (created) {
            // shown this once: only a rotation shows a secret again, and then a new one
            reply.put("secret", hook.secret().value());
        }
        Replies.json(exchange, created ? 201 : 200, reply);
    }

    public void get(Exchange exchange) {
        Replies.json(exchange, 200, describe(hook(exchange)));
    }

    public void delete(Exchange exchange) {
        if (!store.delete(owner(exchange))) {
            throw new NotFound("no webhook is set");
        }
        Replies.status(exchange, 204).setBody(null);
    }

    /**
     * A new signing secret, shown once. The old one goes on signing beside it for the rotation window,
     * so a receiver can switch to the new one without missing an event; with {@code ?revoke=true}
     * (a leaked secret) it stops at once.
     */
    public void rotate(Exchange exchange, @Header("revoke") String revoke) {
        boolean now = revoke != null && switch (revoke.trim()) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw new InvalidRequest("revoke must be true or false");
        };
        long until = rotationWindowMs > 0 && !now ? System.currentTimeMillis() + rotationWindowMs : 0;
        Signer.Secret secret = store.rotate(owner(exchange), until)
                .orElseThrow(() -> new NotFound("no webhook is set"));
        Map<String, Object> reply = describe(hook(exchange));
        reply.put("secret", secret.value());
        Replies.json(exchange, 200, reply);
    }

    public void deliveries(Exchange exchange, @Header("limit") String limit, @Header("videoId") String videoId) {
        int count = 50;
        if (limit != null && !limit.isBlank()) {
            try {
                count = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                throw new InvalidRequest("limit must be a non-negative integer");
            }
            if (count < 0) {
                throw new InvalidRequest("limit must be a non-negative integer");
            }
        }
        count = Math.max(1, Math.min(count, MAX_LIMIT));
        List<Map<String, Object>> items = store.deliveries(owner(exchange), count,
                videoId == null || videoId.isBlank() ? null : videoId.trim()).stream().map(WebhooksApi::delivery).toList();
        Replies.json(exchange, 200, Map.of("items", items));
    }

    private static Map<String, Object> delivery(Map<String, String> d) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", d.get("id"));
        view.put("type", d.get("type"));
        view.put("videoId", d.get("videoId"));
        view.put("status", d.get("status"));
        view.put("attempts", Integer.parseInt(d.getOrDefault("attempts", "0")));
        view.put("createdAt", d.get("createdAt"));
        view.put("lastAttemptAt", blankToNull(d.get("lastAttemptAt")));
        String status = d.get("lastStatus");
        view.put("lastStatus", status == null || status.isEmpty() ? null : Integer.parseInt(status));
        view.put("lastError", blankToNull(d.get("lastError")));
        view.put("nextAttemptAt", blankToNull(d.get("nextAttemptAt")));
        view.put("deliveredAt", blankToNull(d.get("deliveredAt")));
        return view;
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private WebhookStore.Hook hook(Exchange exchange) {
        return store.hook(owner(exchange)).orElseThrow(() -> new NotFound("no webhook is set"));
    }

    private static Map<String, Object> describe(WebhookStore.Hook hook) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("url", hook.url());
        view.put("createdAt", hook.createdAt());
        view.put("updatedAt", hook.updatedAt());
        // when the rotated-out secret stops signing, while it still does; then null
        boolean previous = hook.signing(System.currentTimeMillis()).size() > 1;
        view.put("previousSecretExpiresAt", previous ? Instant.ofEpochMilli(hook.previousUntilMs()).toString() : null);
        return view;
    }

    private static String owner(Exchange exchange) {
        String owner = exchange.getProperty(Keys.OWNER, String.class);
        if (owner == null || owner.isEmpty()) {
            throw new IllegalStateException("the route did not authenticate the request");
        }
        return owner;
    }

    /** A small JSON object, read with a size limit (the route leaves the body to this step). */
    private static JsonNode body(Exchange exchange) {
        HttpServerRequest request = Replies.request(exchange);
        try (InputStream in = new LimitedInputStream(new RequestInputStream(request, BODY_TIMEOUT_MS,
                MinimumRate.NONE), MAX_BODY)) {
            JsonNode node = Json.MAPPER.readTree(in);
            if (node == null || !node.isObject()) {
                throw new InvalidRequest("the body must be a JSON object such as {\"url\": \"https://…\"}");
            }
            return node;
        } catch (TooLargeException e) {
            Replies.closeConnection(exchange);
            throw new TooLarge("the body is larger than " + MAX_BODY + " bytes");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidRequest("the body is not valid JSON");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
