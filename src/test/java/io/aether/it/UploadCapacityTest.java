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
        List<Integer> statuses = all(urls.stream().<Callable<Integer>>map(url -> () -> tus.patch(url, 0, data).status()).toList());
        assertEquals(AT_ONCE, statuses.stream().filter(s -> s == 204).count(), "every PATCH stored whole: " + statuses);
        for (String url : urls) {
            assertEquals(SIZE, tus.head(url).offset(), url);
        }
    }

    @Test
    void sixteenMultipartPostsAtOnceAllLand() throws Exception {
        Path file = dir.resolve("crowd.mp4");
        Files.write(file, data);
        Api client = new Api(api.url());
        List<Integer> statuses = all(IntStream.range(0, AT_ONCE)
                .<Callable<Integer>>mapToObj(i -> () -> client.upload(file, "video", "video/mp4").status()).toList());
        assertEquals(AT_ONCE, statuses.stream().filter(s -> s == 202).count(), "every POST stored: " + statuses);
    }

    private static List<Integer> all(List<Callable<Integer>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<Future<Integer>> running = new ArrayList<>();
            for (Callable<Integer> call : calls) {
                running.add(pool.submit(call));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> each : running) {
                statuses.add(each.get(3, TimeUnit.MINUTES));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }
}
