package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Probes as an orchestrator sees them: a replica never answers 404 while its routes are not up
 * (starting or stopping), liveness stays up while Redis is gone and readiness does not.
 */
class OperationsTest {
    private static final int DB = 15;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final String ROUTE = "/api/v1/videos?limit=1";
    private static final String READY = "/observe/health/ready";

    @Test
    void noRequestGetsA404WhileTheRoutesAreNotUp() throws Exception {
        int port = Ports.free();
        int management = Ports.free(port);
        try (var redis = Services.freshRedis(DB)) {
            Credentials.seed(redis, "http://127.0.0.1:" + port);
        }
        Path log = Files.createTempFile("aether-startup-", ".log");
        Process app = Launch.aether("api", port, management, Services.appEnv(DB), log);
        // a real route (videos.yaml) on the public port and the readiness probe on the management port
        List<Target> targets = List.of(new Target(port, ROUTE), new Target(management, READY));
        try {
            List<String> seen = new ArrayList<>();
            int refusals = 0;
            boolean routeUp = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline && !(routeUp && seen.get(seen.size() - 1).endsWith("200"))) {
                assertTrue(app.isAlive(), () -> "Aether exited:\n" + read(log));
                for (Target target : targets) {
                    String path = target.path;
                    Answer answer = get(target.port, path);
                    if (answer == null) {
                        continue; // not listening yet
                    }
                    seen.add(path + " " + answer.status);
                    assertTrue(answer.status == 503 || answer.status == 200, "answered " + answer.status + ": " + seen);
                    if (answer.status == 503) {
                        refusals++;
                        assertEquals("1", answer.retryAfter, path);
                    }
                    if (path.startsWith("/observe") && answer.status == 200) {
                        // ready means the routes are up: the API answers at once
                        Answer route = get(port, ROUTE);
                        assertEquals(200, route == null ? -1 : route.status, "ready, but the route: " + seen);
                    }
                    routeUp |= path.startsWith("/api") && answer.status == 200;
                }
            }
            assertTrue(routeUp, "the route never answered: " + seen);
            // the ports listen before the routes exist: that window was seen, and answered 503
            assertTrue(refusals > 0, "no request reached the replica before its routes were up: " + seen);

            // on the way down the routes go first: 503 until the port closes, never 404
            app.destroy();
            List<Integer> stopping = new ArrayList<>();
            while (app.isAlive()) {
                Answer answer = get(port, ROUTE);
                if (answer != null) {
                    stopping.add(answer.status);
                    assertTrue(answer.status == 200 || answer.status == 503, "while stopping: " + stopping);
                }
                Thread.sleep(10);
            }
        } finally {
            app.destroyForcibly();
            app.waitFor();
        }
    }

    @Test
    void aReplicaWhosePortIsTakenEndsAtOnceSayingSo() throws Exception {
        // Vert.x only logs a port it cannot bind: the replica used to stay up, serving nothing, never ready
        int port = Ports.free();
        int management = Ports.free(port);
        try (java.net.ServerSocket taken = new java.net.ServerSocket(management, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            Path log = Files.createTempFile("aether-port-", ".log");
            Process app = Launch.aether("worker", port, management, Services.appEnv(DB), log);
            assertTrue(app.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the replica is still running");
            assertEquals(1, app.exitValue());
            assertTrue(read(log).contains("cannot listen on 127.0.0.1:" + management), read(log));
        }
    }

    @Test
    void anApiWhoseManagementPortIsItsPublicPortDoesNotStart() throws Exception {
        // Camel would then serve /observe on the public port, which this port split exists to prevent
        int port = Ports.free();
        Path log = Files.createTempFile("aether-same-port-", ".log");
        Process app = Launch.aether("api", port, port, Services.appEnv(DB), log);
        assertTrue(app.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the replica is still running");
        assertEquals(1, app.exitValue());
        assertTrue(read(log).contains("AETHER_MANAGEMENT_PORT must differ from AETHER_HTTP_PORT"), read(log));
    }

    @Test
    void livenessStaysUpWhileRedisIsDownAndReadinessDoesNot() throws Exception {
        try (OwnService redis = OwnService.redis()) {
            Map<String, String> env = new HashMap<>(Services.appEnv(DB));
            env.put("AETHER_REDIS_URL", redis.url());
            try (AppProcess api = AppProcess.start("api", DB, env)) {
                int port = URI.create(api.managementUrl()).getPort();
                assertEquals(200, get(port, "/observe/health/live").status);
                assertEquals(200, get(port, "/observe/health/ready").status);

                redis.stop();
                assertEquals(503, awaitStatus(port, "/observe/health/ready", 503).status, "ready while Redis is down");
                Answer live = get(port, "/observe/health/live");
                assertEquals(200, live.status, "liveness must not restart a replica for Redis: " + live.body);
                Answer ready = get(port, "/observe/health/ready");
                assertTrue(ready.body.contains("Redis"), ready.body);

                redis.start();
                assertEquals(200, awaitStatus(port, "/observe/health/ready", 200).status, "ready once Redis is back");
                assertEquals(200, get(port, "/observe/health/live").status);
            }
        }
    }

    private static Answer awaitStatus(int port, String path, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Answer last = null;
        while (System.nanoTime() < deadline) {
            last = get(port, path);
            if (last != null && last.status == status) {
                return last;
            }
            Thread.sleep(200);
        }
        return last;
    }

    /** The answer, or null when nothing listens. */
    static Answer get(int port, String path) throws InterruptedException {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Api.REQUEST_TIMEOUT)
                    .timeout(Duration.ofSeconds(5));
            if (path.startsWith("/api")) {
                request.header("Authorization", Credentials.bearer("http://127.0.0.1:" + port));
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                    response.body());
        } catch (IOException notListening) {
            return null;
        }
    }

    record Answer(int status, String retryAfter, String body) {
    }

    record Target(int port, String path) {
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
