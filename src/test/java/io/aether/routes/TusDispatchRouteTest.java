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
 * The tus entry routes of routes/api/tus.yaml in-process, with the API's real configuration: a route
 * per method and path, each reaching the route of its tus verb, and a POST on an upload standing in
 * for the method its X-HTTP-Method-Override names. The verb routes are mocked; HTTP is replaced by
 * direct (the router's choice of route by method is what the ITs exercise over HTTP).
 */
class TusDispatchRouteTest extends RouteTestBase {
    private static final String UPLOAD = UUID.randomUUID().toString();
    private static final String[] ENTRIES = {"files-post", "files-options", "upload-head", "upload-patch",
        "upload-delete", "upload-options", "upload-post"};
    private static final String[] VERBS = {"create", "head", "patch", "terminate", "options"};
    /** The entry routes want a key before anything else: the tests owner's, made in the routes' Redis. */
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
        for (String entry : ENTRIES) {
            AdviceWith.adviceWith(context, entry, route -> {
                route.replaceFromWith("direct:" + entry);
                route.mockEndpointsAndSkip("direct:tus-*");
            });
        }
        context.start();
    }

    @Test
    void eachMethodOnTheCollectionReachesItsVerb() throws Exception {
        expect("create", () -> send("files-post", null));
        expect("options", () -> send("files-options", null));
    }

    @Test
    void eachMethodOnAnUploadReachesItsVerb() throws Exception {
        expect("head", () -> send("upload-head", null));
        expect("patch", () -> send("upload-patch", null));
        expect("terminate", () -> send("upload-delete", null));
        expect("options", () -> send("upload-options", null));
    }

    @Test
    void aPostStandsInForTheMethodItNamesButNoOtherMethodDoes() throws Exception {
        expect("patch", () -> send("upload-post", "PATCH"));
        expect("terminate", () -> send("upload-post", " delete "));
        // a HEAD that a cache lets through must never turn into a DELETE
        expect("head", () -> send("upload-head", "DELETE"));
    }

    @Test
    void aBarePostOrOneStandingInForAnythingElseIsRefusedWith405() throws Exception {
        for (String override : new String[] {null, "GET"}) {
            MockEndpoint.resetMocks(context);
            for (String verb : VERBS) {
                getMockEndpoint("mock:direct:tus-" + verb).expectedMessageCount(0);
            }
            Exchange refused = send("upload-post", override);
            assertEquals(405, refused.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE), override);
            assertEquals("1.0.0", refused.getMessage().getHeader("Tus-Resumable"));
            MockEndpoint.assertIsSatisfied(context);
        }
    }

    private void expect(String verb, Sending sending) throws Exception {
        MockEndpoint.resetMocks(context);
        for (String other : VERBS) {
            getMockEndpoint("mock:direct:tus-" + other).expectedMessageCount(other.equals(verb) ? 1 : 0);
        }
        sending.send();
        MockEndpoint.assertIsSatisfied(context);
    }

    private Exchange send(String entry, String override) {
        Map<String, Object> headers = new HashMap<>();
        headers.put("id", UPLOAD);
        headers.put("Authorization", "Bearer " + KEY);
        if (override != null) {
            headers.put("X-HTTP-Method-Override", override);
        }
        return template.request("direct:" + entry, exchange -> exchange.getMessage().setHeaders(headers));
    }

    private interface Sending {
        void send() throws Exception;
    }
}
