package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import io.aether.http.Problem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a replica shows of itself: no secret in its log, no host internals on its endpoints, and
 * nothing of /observe (health, metrics, Jolokia, info) on its public port: those are on the
 * management port.
 */
class PublicSurfaceTest {
    private static final int DB = 12;
    private static final List<String> OBSERVE = List.of("/observe/health", "/observe/health/ready",
            "/observe/metrics", "/observe/jolokia/read/java.lang:type=Memory/HeapMemoryUsage", "/observe/info");
    private static AppProcess app;

    @BeforeAll
    static void start() throws Exception {
        Services.freshRedis(DB).close();
        app = AppProcess.start("all", DB, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theMinioSecretIsNowhereInTheLog() throws Exception {
        // the property summary is logged once the routes have started, before the replica is healthy
        String log = Files.readString(app.log());
        assertTrue(log.contains("Property-placeholders summary") || log.contains("Started"), log);
        assertFalse(log.contains(Services.env("AETHER_MINIO_SECRET_KEY")), "the MinIO secret key is in the log");
    }

    @Test
    void infoNamesTheApplicationButNotTheHost() throws Exception {
        Api.Reply info = management().get("/observe/info");
        assertEquals(200, info.status(), info.text());
        assertEquals("aether", info.json().path("name").asText(), info.text());
        String pid = Long.toString(app.pid());
        for (String internal : new String[] {System.getProperty("user.name"), System.getProperty("user.home"),
            System.getProperty("user.dir"), pid}) {
            assertFalse(info.text().contains(internal), "/observe/info shows " + internal + ": " + info.text());
        }
    }

    @Test
    void thePublicPortAnswers404WithAReasonUnderObserve() throws Exception {
        Api publicPort = new Api(app.url());
        for (String path : OBSERVE) {
            Api.Reply reply = publicPort.get(path);
            assertEquals(404, reply.status(), path + ": " + reply.text());
            assertEquals(404, reply.json().path("status").asInt(), path + ": " + reply.text());
            assertTrue(reply.json().path("error").asText().contains("management port"), path + ": " + reply.text());
        }
        // not only GET: Jolokia takes POSTs
        Api.Reply post = publicPort.post("/observe/jolokia", "application/json",
                "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(404, post.status(), post.text());
    }

    @Test
    void theManagementPortServesThem() throws Exception {
        Api management = management();
        for (String path : OBSERVE) {
            Api.Reply reply = management.get(path);
            assertEquals(200, reply.status(), path + ": " + reply.text());
        }
        assertTrue(management.get("/observe/metrics").text().contains("aether_queue_length"));
        // and nothing public: the API is not there (an answer the contract, which is the public port's, does not hold)
        HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(app.managementUrl() + "/api/v1/videos")).timeout(Api.REQUEST_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, api.statusCode(), api.body());
        assertEquals(Problem.CONTENT_TYPE, api.headers().firstValue("Content-Type").orElse(""), api.body());
    }

    @Test
    void aWorkerListensOnTheManagementPortOnly() throws Exception {
        try (AppProcess worker = AppProcess.start("worker", DB, Map.of())) {
            assertEquals(200, new Api(worker.managementUrl(), "").get("/observe/health/ready").status());
            URI publicPort = URI.create(worker.url());
            try (Socket socket = new Socket()) {
                assertThrows(ConnectException.class, () -> socket.connect(
                        new InetSocketAddress(publicPort.getHost(), publicPort.getPort()), 2000));
            }
        }
    }

    private static Api management() {
        return new Api(app.managementUrl(), ""); // no key: the management port asks for none
    }
}
