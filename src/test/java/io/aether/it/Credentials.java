package io.aether.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import io.aether.access.ApiKeys;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The API keys the test clients send. Every replica a test starts gets {@link #ADMIN_KEY}; the
 * clients (Api, RawHttp, LiveClient, TusClient, NodeTus, the browser scripts) send a key of the owner
 * {@link #OWNER}, made through the admin API once per replica address.
 */
public final class Credentials {
    /** Not a secret: only test replicas on loopback ever get it. */
    public static final String ADMIN_KEY = "aether-tests-admin-key-1f6c0d9a4b2e";
    public static final String OWNER = "tests";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, String> KEYS = new ConcurrentHashMap<>();

    private Credentials() {
    }

    /** The tests owner's key at this replica (any URL on it), made on first use. */
    public static String key(String url) {
        return KEYS.computeIfAbsent(origin(url), origin -> create(origin, OWNER));
    }

    /** The header value the clients send. */
    public static String bearer(String url) {
        return "Bearer " + key(url);
    }

    /** A replica now listens at this address: a key made for an earlier one may live in another Redis. */
    public static void forget(String url) {
        KEYS.remove(origin(url));
    }

    /** Uses this key for this address, e.g. a proxy in front of a replica. */
    public static void use(String url, String key) {
        KEYS.put(origin(url), key);
    }

    /**
     * Makes the tests owner's key straight in the database, with the application's own key store,
     * for a replica not yet up at this address (a test that watches it start).
     */
    public static String seed(StatefulRedisConnection<String, String> redis, String url) {
        String key = new ApiKeys(redis.sync()).create(OWNER, "tests").get("key");
        use(url, key);
        return key;
    }

    /** A new key of the owner, through the admin API. */
    public static String create(String url, String owner) {
        JsonNode created = admin(url, "POST", "/api/v1/keys", Json.write(Map.of("owner", owner, "name", "tests")));
        return created.path("key").asText();
    }

    /** Calls the admin API with the admin key; fails unless it answers 2xx. */
    public static JsonNode admin(String url, String method, String path, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin(url) + path)).timeout(Api.REQUEST_TIMEOUT)
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + ADMIN_KEY)
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> reply = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            ContractCheck.check(method, reply.uri(), reply.statusCode(), reply.headers().map(), reply.body());
            if (reply.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered " + reply.statusCode() + " "
                        + reply.body());
            }
            return reply.body().isEmpty() ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(reply.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String origin(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme().startsWith("ws") ? uri.getScheme().replace("ws", "http") : uri.getScheme();
        return scheme + "://" + uri.getHost() + ":" + uri.getPort();
    }
}
