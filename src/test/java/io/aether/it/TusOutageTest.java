package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.aether.tus.TusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * tus through an outage: whether Redis or MinIO stalls or stops, a creation and a PATCH in flight answer
 * 503 with Retry-After within a few seconds, as the rest of the API does, never 500 (which tus clients
 * take for a bug) and never a wait for the whole outage; and what was stored before stays resumable.
 */
class TusOutageTest {
    private static final int DB = 13;
    /** The issue asks for 2–3 s; a little over 3 s leaves room for a busy machine. */
    private static final Duration BOUND = Duration.ofMillis(3500);
    private static final int MIB = 1024 * 1024;

    private static OwnService redis;
    private static OwnService minio;
    private static AppProcess api;

    @BeforeAll
    static void start() throws Exception {
        redis = OwnService.redis();
        minio = OwnService.minio();
        Map<String, String> env = new HashMap<>(minio.minioEnv());
        env.put("AETHER_REDIS_URL", redis.url() + "/" + DB);
        api = AppProcess.start("api", DB, env);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {api, minio, redis}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void aFrozenMinioRefusesCreationsAndPatchesInFlightWithin3Seconds() throws Exception {
        String url = refusedWhileFrozen(minio);
        long offset = new TusClient(api.url()).head(url).offset();
        assertTrue(offset >= 0 && offset <= MIB * 8L, "what was stored stays resumable: offset " + offset);
    }

    @Test
    void aFrozenRedisRefusesCreationsAndPatchesInFlightWithin3Seconds() throws Exception {
        refusedWhileFrozen(redis);
    }

    /** Starts a PATCH, freezes the service, and holds the PATCH's answer and a creation's to the bound; the upload's URL. */
    private static String refusedWhileFrozen(OwnService service) throws Exception {
        TusClient tus = new TusClient(api.url());
        String url = tus.create(32L * MIB, null);
        try (Socket patch = TusClient.openPatch(url, 0, 32L * MIB, new byte[MIB])) {
            service.pause();
            try {
                assertRefused("a PATCH in flight", answerWhileSending(patch, 31 * MIB));
                long started = System.nanoTime();
                TusClient.Reply created = tus.send("POST", api.url() + "/files/",
                        TusClient.tus("Upload-Length", "1000"), null);
                assertRefused("a creation", new Answer(created.status(), created.headers().containsKey("retry-after"),
                        created.body(), Duration.ofNanos(System.nanoTime() - started)));
            } finally {
                service.resume();
            }
        }
        return url;
    }

    private record Answer(int status, boolean retryAfter, String body, Duration took) {
    }

    private static void assertRefused(String what, Answer answer) {
        assertEquals(503, answer.status(), what + ": " + answer);
        assertTrue(answer.retryAfter(), what + " has no Retry-After: " + answer);
        // what the API was doing then: a slow answer has twice come at 4.0 s, two Redis timeouts
        assertTrue(answer.took().compareTo(BOUND) < 0, () -> what + " answered after " + answer.took()
                + "; the API's log ended with:\n" + api.logTail(60));
    }

    /** Sends the rest of the body on another thread, as a client would, and reads the answer from the outage on. */
    private static Answer answerWhileSending(Socket patch, int rest) throws Exception {
        long started = System.nanoTime();
        CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = patch.getOutputStream();
                byte[] chunk = new byte[256 * 1024];
                for (int sent = 0; sent < rest; sent += chunk.length) {
                    out.write(chunk, 0, Math.min(chunk.length, rest - sent));
                }
                out.flush();
            } catch (IOException refusedMidway) {
                // the server answered and closed while we were still sending
            }
        });
        patch.setSoTimeout(30_000);
        InputStream in = patch.getInputStream();
        String head = readHead(in);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        int status = Integer.parseInt(head.substring(9, 12));
        return new Answer(status, head.toLowerCase().contains("\r\nretry-after:"), head, took);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return new String(head.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
