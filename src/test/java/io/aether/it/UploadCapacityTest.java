package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.aether.tus.TusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica with a 512 MiB heap (every test replica's) takes 16 uploads at once of either kind: their
 * parts share one budget of buffers, so a crowd waits its turn for a buffer instead of being refused.
 * Before, each tus PATCH held its own four parts and the fourth PATCH at once was answered 503.
 */
class UploadCapacityTest {
    private static final int DB = 4;
    private static final int AT_ONCE = 16;
    private static final int SIZE = 24 * 1024 * 1024;
    private static AppProcess api;
    private static byte[] data;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Services.freshRedis(DB).close();
        // the per-key limit of concurrent uploads would refuse the crowd first
        api = AppProcess.start("api", DB, Map.of("AETHER_LIMIT_CONCURRENT_UPLOADS", "64"));
        data = new byte[SIZE];
        new Random(16).nextBytes(data);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    @Test
    void sixteenTusPatchesAtOnceAllLand() throws Exception {
        TusClient tus = new TusClient(api.url());
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < AT_ONCE; i++) {
            urls.add(tus.create(SIZE, "filename " + Base64.getEncoder().encodeToString(("c" + i + ".mp4").getBytes(StandardCharsets.UTF_8))));
        }
        List<String> replies = all(urls.stream().<Callable<String>>map(url -> () -> {
            TusClient.Reply reply = tus.patch(url, 0, data);
            return reply.status() == 204 ? "204" : reply.status() + " " + reply.body();
        }).toList());
        assertEquals(AT_ONCE, replies.stream().filter("204"::equals).count(), "every PATCH stored whole: " + replies);
        for (String url : urls) {
            assertEquals(SIZE, tus.head(url).offset(), url);
        }
    }

    @Test
    void sixteenMultipartPostsAtOnceAllLand() throws Exception {
        Path file = dir.resolve("crowd.mp4");
        Files.write(file, data);
        Api client = new Api(api.url());
        List<String> replies = all(IntStream.range(0, AT_ONCE).<Callable<String>>mapToObj(i -> () -> {
            Api.Reply reply = client.upload(file, "video", "video/mp4");
            return reply.status() == 202 ? "202" : reply.status() + " " + reply.text();
        }).toList());
        assertEquals(AT_ONCE, replies.stream().filter("202"::equals).count(), "every POST stored: " + replies);
    }

    /** Each call's answer (a failure's with its reason, to tell a refused crowd from a stalled store). */
    private static List<String> all(List<Callable<String>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<Future<String>> running = new ArrayList<>();
            for (Callable<String> call : calls) {
                running.add(pool.submit(call));
            }
            List<String> replies = new ArrayList<>();
            for (Future<String> each : running) {
                replies.add(each.get(3, TimeUnit.MINUTES));
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }
}
