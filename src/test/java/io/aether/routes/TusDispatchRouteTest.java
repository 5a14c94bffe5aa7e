package io.aether.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.aether.access.ApiKeys;
import io.aether.it.Services;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tus dispatchers of routes/api/tus.yaml in-process, with the API's real configuration: each
 * request reaches the route of its verb. The verb routes are mocked; HTTP is replaced by direct.
 */
class TusDispatchRouteTest extends RouteTestBase {
    private static final String UPLOAD = UUID.randomUUID().toString();
    /** The dispatchers want a key before anything else: the tests owner's, made in the routes' Redis. */
    private static final String KEY;

    static {
        RedisClient client = RedisClient.create(Services.env("AETHER_REDIS_URL"));
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            KEY = new ApiKeys(redis.sync()).create("tests", "route test").get("key");
        } finally {
            client.shutdown();
        }
    }

    TusDispatchRouteTest() {
        super("api", "classpath:routes/api/tus.yaml,classpath:routes/api/errors.yaml");
    }

    @BeforeEach
    void advise() throws Exception {
        AdviceWith.adviceWith(context, "tus-files", route -> {
            route.replaceFromWith("direct:files");
            route.mockEndpointsAndSkip("direct:tus-*");
        });
        AdviceWith.adviceWith(context, "tus-upload", route -> route.replaceFromWith("direct:upload"));
        context.start();
    }

    @Test
    void theCollectionCreatesOrTellsItsOptions() throws Exception {
        expect("create", () -> send("direct:files", "POST", null));
        expect("options", () -> send("direct:files", "OPTIONS", null));
    }

    @Test
    void eachVerbOnAnUploadReachesItsRoute() throws Exception {
        expect("head", () -> send("direct:upload", "HEAD", null));
        expect("patch", () -> send("direct:upload", "PATCH", null));
        expect("terminate", () -> send("direct:upload", "DELETE", null));
        expect("options", () -> send("direct:upload", "OPTIONS", null));
    }

    @Test
    void aPostStandsInForPatchOrDeleteButNothingElseDoes() throws Exception {
        expect("patch", () -> send("direct:upload", "POST", "PATCH"));
        expect("terminate", () -> send("direct:upload", "POST", " delete "));
        // a HEAD that a cache lets through must never turn into a DELETE
        expect("head", () -> send("direct:upload", "HEAD", "DELETE"));
    }

    @Test
    void anythingElseIsRefusedWith405() throws Exception {
        for (String verb : new String[] {"create", "head", "patch", "terminate", "options"}) {
            getMockEndpoint("mock:direct:tus-" + verb).expectedMessageCount(0);
        }
        Exchange refused = send("direct:upload", "POST", "GET");
        assertEquals(405, refused.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals("1.0.0", refused.getMessage().getHeader("Tus-Resumable"));
        MockEndpoint.assertIsSatisfied(context);
    }

    private void expect(String verb, Sending sending) throws Exception {
        MockEndpoint.resetMocks(context);
        getMockEndpoint("mock:direct:tus-" + verb).expectedMessageCount(1);
        for (String other : new String[] {"create", "head", "patch", "terminate", "options"}) {
            if (!other.equals(verb)) {
                getMockEndpoint("mock:direct:tus-" + other).expectedMessageCount(0);
            }
        }
        sending.send();
        MockEndpoint.assertIsSatisfied(context);
    }

    private Exchange send(String uri, String method, String override) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(Exchange.HTTP_METHOD, method);
        headers.put("id", UPLOAD);
        headers.put("Authorization", "Bearer " + KEY);
        if (override != null) {
            headers.put("X-HTTP-Method-Override", override);
        }
        return template.request(uri, exchange -> exchange.getMessage().setHeaders(headers));
    }

    private interface Sending {
        void send() throws Exception;
    }
}
