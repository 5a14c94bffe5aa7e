package io.aether.it;

import static io.aether.tus.TusFixtures.id;
import static io.aether.tus.TusFixtures.jobsFor;
import static io.aether.tus.TusFixtures.random;
import static io.aether.tus.TusFixtures.rawSha256;
import static io.aether.tus.TusFixtures.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.aether.tus.TusClient;
import io.aether.tus.TusClient.Reply;
import io.aether.tus.TusFixtures;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.minio.MinioClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two API replicas share uploads through Redis and MinIO only: either can continue what the other began. */
class TusReplicasTest {
    private static final int DB = 7;
    private static final int MIB = 1024 * 1024;
    /** The tests cut their data around 5 MiB parts, the smallest S3 allows. */
    private static final Map<String, String> ENV = Map.of("AETHER_TUS_LOCK_MS", "3000", "AETHER_TUS_SWEEP_MS", "500",
            "AETHER_TUS_PART_SIZE", "5242880");
    private static final MinioClient MINIO = Services.minio();
    private static AppProcess a;
    private static AppProcess b;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> redis;

    @BeforeAll
    static void start() throws Exception {
        connection = Services.freshRedis(DB);
        redis = connection.sync();
        List<AppProcess> started = AppProcess.startAll(DB, ENV, "api", "api");
        a = started.get(0);
        b = started.get(1);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AppProcess app : new AppProcess[] {a, b}) {
            if (app != null) {
                app.close();
            }
        }
        if (connection != null) {
            TusFixtures.abortUnfinished(redis);
            connection.close();
        }
    }

    /** The same upload as seen through another replica. */
    private static String on(AppProcess replica, String url) {
        return replica.url() + "/files/" + id(url);
    }

    @Test
    void anUploadBegunOnOneReplicaIsFinishedOnAnother() throws Exception {
        byte[] data = random(13 * MIB + 777, 21);
        TusClient onA = new TusClient(a.url());
        TusClient onB = new TusClient(b.url());
        String url = onA.create(data.length, null);
        assertEquals(204, onA.patch(url, 0, Arrays.copyOf(data, 7 * MIB)).status());

        Reply head = onB.head(on(b, url));
        assertEquals(7 * MIB, head.offset(), "B sees what A acknowledged, tail included");
        assertEquals(Integer.toString(data.length), head.header("Upload-Length"));
        assertEquals(data.length, onB.upload(on(b, url), data, 4 * MIB));

        String id = id(url);
        assertEquals(sha256(data), rawSha256(MINIO, id));
        assertEquals(1, jobsFor(redis, id));
        assertEquals("tus", redis.hget("aether:video:" + id, "source"));
        assertEquals(data.length, onA.head(url).offset(), "and A sees it finished");
    }

    @Test
    void aReplicaKilledMidPatchLosesNothingItAcknowledged() throws Exception {
        byte[] data = random(16 * MIB, 22);
        TusClient onB = new TusClient(b.url());
        String url;
        try (AppProcess doomed = AppProcess.start("api", DB, ENV)) {
            TusClient onDoomed = new TusClient(doomed.url());
            url = onDoomed.create(data.length, null);
            assertEquals(204, onDoomed.patch(url, 0, Arrays.copyOf(data, 6 * MIB)).status());
            // a PATCH of 10 MiB of which 6 MiB arrive: the part that fills at 10 MiB is stored and committed,
            // the 2 MiB after it are only in the dying replica's memory
            Socket patch = TusClient.openPatch(url, 6 * MIB, 10 * MIB, Arrays.copyOfRange(data, 6 * MIB, 12 * MIB));
            assertEquals(10 * MIB, onB.awaitOffset(on(b, url), offset -> offset >= 10 * MIB, Duration.ofSeconds(20)));
            doomed.kill();
            patch.close();
        }
        assertEquals(10 * MIB, onB.head(on(b, url)).offset(), "everything committed survived the crash");

        Reply locked = onB.patch(on(b, url), 10 * MIB, Arrays.copyOfRange(data, 10 * MIB, 11 * MIB));
        assertEquals(423, locked.status(), "the dead replica's lock holds until its lease runs out: " + locked);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (locked.status() == 423 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            locked = onB.patch(on(b, url), 10 * MIB, Arrays.copyOfRange(data, 10 * MIB, 11 * MIB));
        }
        assertEquals(204, locked.status(), locked.toString());
        assertEquals(data.length, onB.upload(on(b, url), data, 5 * MIB));
        assertEquals(sha256(data), rawSha256(MINIO, id(url)));
        assertEquals(1, jobsFor(redis, id(url)));
    }

    @Test
    void fourConcurrentUploadsFinishIntact() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    byte[] data = random(11 * MIB + n * 1001, 30 + n);
                    AppProcess[] replicas = n % 2 == 0 ? new AppProcess[] {a, b} : new AppProcess[] {b, a};
                    String url = new TusClient(replicas[0].url()).create(data.length, null);
                    long offset = 0;
                    for (int chunk = 0; offset < data.length; chunk++) {
                        // every chunk through the other replica
                        AppProcess replica = replicas[chunk % 2];
                        int end = (int) Math.min(data.length, offset + 3 * MIB);
                        Reply reply = new TusClient(replica.url()).patch(on(replica, url), offset,
                                Arrays.copyOfRange(data, (int) offset, end));
                        assertEquals(204, reply.status(), reply.toString());
                        offset = reply.offset();
                    }
                    assertEquals(sha256(data), rawSha256(MINIO, id(url)), "upload " + n);
                    return id(url);
                }));
            }
            for (Future<String> result : results) {
                String id = result.get(3, TimeUnit.MINUTES);
                assertEquals(1, jobsFor(redis, id));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void racingPatchesToOneUploadNeverCorruptIt() throws Exception {
        byte[] data = random(17 * MIB + 5, 40);
        String url = new TusClient(a.url()).create(data.length, null);
        AtomicInteger refused = new AtomicInteger();
        // two writers each send the whole file, alternating replicas, from whatever offset HEAD reports
        Callable<Void> writer = () -> {
            TusClient[] clients = {new TusClient(a.url()), new TusClient(b.url())};
            AppProcess[] replicas = {a, b};
            for (int turn = 0; ; turn++) {
                int r = turn % 2;
                long offset = clients[r].head(on(replicas[r], url)).offset();
                if (offset == data.length) {
                    return null;
                }
                int end = (int) Math.min(data.length, offset + 2 * MIB + 3);
                Reply reply = clients[r].patch(on(replicas[r], url), offset, Arrays.copyOfRange(data, (int) offset, end));
                if (reply.status() == 409 || reply.status() == 423) {
                    refused.incrementAndGet();
                } else {
                    assertEquals(204, reply.status(), reply.toString());
                }
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Void> first = pool.submit(writer);
            Future<Void> second = pool.submit(writer);
            first.get(3, TimeUnit.MINUTES);
            second.get(3, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(sha256(data), rawSha256(MINIO, id(url)), "the same bytes, whoever wrote them");
        assertEquals(1, jobsFor(redis, id(url)), "one job although both writers sent the last byte");
        assertTrue(refused.get() > 0, "the writers did collide: the lock or the offset check refused some");
    }

    @Test
    void aHandOffLeftHalfDoneByADeadReplicaIsFinishedExactlyOnce() throws Exception {
        TusClient onA = new TusClient(a.url());
        String[] ids = new String[3];
        byte[][] files = new byte[3][];
        for (int i = 0; i < 3; i++) {
            files[i] = random(2 * MIB + i, 50 + i);
            String url = onA.create(files[i].length, null);
            onA.upload(url, files[i], 2 * MIB);
            ids[i] = id(url);
            assertEquals(1, jobsFor(redis, ids[i]));
        }
        // rewind each finished upload to where a replica dying at that step would have left it
        String noRecordYet = ids[0];
        redis.hset("aether:tus:" + noRecordYet, "state", "finishing");
        redis.del("aether:video:" + noRecordYet);
        redis.zrem("aether:videos", noRecordYet);
        dropJobs(noRecordYet);
        String claimedNotEnqueued = ids[1];
        redis.hset("aether:tus:" + claimedNotEnqueued, "state", "handoff");
        dropJobs(claimedNotEnqueued);
        String enqueuedNotRecorded = ids[2];
        redis.hset("aether:tus:" + enqueuedNotRecorded, "state", "handoff");
        for (String id : ids) {
            redis.zadd("aether:tus:finishing", 0, id); // long ago: its replica is surely gone
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && !Arrays.stream(ids)
                .allMatch(id -> "completed".equals(redis.hget("aether:tus:" + id, "state")))) {
            Thread.sleep(200);
        }
        for (int i = 0; i < 3; i++) {
            assertEquals("completed", redis.hget("aether:tus:" + ids[i], "state"), "upload " + i);
            assertEquals(1, jobsFor(redis, ids[i]), "exactly one job for upload " + i);
            assertEquals(sha256(files[i]), rawSha256(MINIO, ids[i]));
        }
        assertEquals(Long.toString(files[0].length), redis.hget("aether:video:" + noRecordYet, "size"),
                "the missing video record was created");
        assertEquals(0, redis.zcard("aether:tus:finishing"), "nothing left to recover");
    }

    private static void dropJobs(String videoId) {
        redis.xrange(TusFixtures.QUEUE, io.lettuce.core.Range.unbounded()).stream()
                .filter(m -> videoId.equals(m.getBody().get("videoId")))
                .forEach(m -> redis.xdel(TusFixtures.QUEUE, m.getId()));
    }
}
