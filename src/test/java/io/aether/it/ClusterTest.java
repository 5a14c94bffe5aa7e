package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/cluster as an operator would use it: two APIs and three workers drain a batch of uploads
 * while one worker is killed with -9 and another stopped with SIGTERM, each in the middle of a job,
 * and every video completes exactly once. Then Redis, restarted from its AOF file, still has them.
 */
class ClusterTest {
    private static final int VIDEOS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void twoApisAndThreeWorkersDrainABatchThroughAKillAndAStop() throws Exception {
        Map<String, String> env = clusterEnv();
        int port = freeRun(5);
        // a failed start takes down what it started itself (scripts/cluster)
        Map<String, String> services = cluster(env, "up", "--api", "2", "--workers", "3", "--port", Integer.toString(port));
        Map<String, Integer> completions = new ConcurrentHashMap<>();
        RedisClient redis = RedisClient.create(services.get("AETHER_REDIS_URL"));
        try (StatefulRedisPubSubConnection<String, String> events = redis.connectPubSub();
             StatefulRedisConnection<String, String> commands = redis.connect()) {
            events.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String pattern, String channel, String message) {
                    JsonNode event = read(message);
                    if ("state".equals(event.path("type").asText()) && "completed".equals(event.path("status").asText())) {
                        completions.merge(event.path("videoId").asText(), 1, Integer::sum);
                    }
                }
            });
            events.sync().psubscribe("aether:events:*");

            // 480p: a ladder of one rung. The last worker standing encodes most of the batch alone, and a 720p
            // source's two rungs cost it three times as much without anything more to check
            Path clip = Clips.video(dir, "clip.mp4", 854, 480, 8, true);
            Credentials.forget("http://127.0.0.1:" + port);
            Credentials.forget("http://127.0.0.1:" + (port + 1));
            List<Api> apis = List.of(new Api("http://127.0.0.1:" + port), new Api("http://127.0.0.1:" + (port + 1)));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < VIDEOS; i++) {
                Api.Reply reply = apis.get(i % 2).upload(clip, "video", "video/mp4");
                assertEquals(202, reply.status(), reply.text());
                ids.add(reply.json().path("id").asText());
            }

            Map<Long, String> workers = workerPids(env);
            long killed = busyWorker(apis.get(0), workers.keySet(), -1);
            ProcessHandle.of(killed).orElseThrow().destroyForcibly();
            long stopped = busyWorker(apis.get(0), workers.keySet(), killed);
            ProcessHandle stopping = ProcessHandle.of(stopped).orElseThrow();
            stopping.destroy();

            int retaken = 0;
            for (String id : ids) {
                JsonNode video = apis.get(1).awaitFinished(id, Duration.ofMinutes(3));
                assertEquals("completed", video.path("status").asText(), video.toString());
                retaken += video.path("attempts").asInt() > 1 ? 1 : 0;
            }
            // the killed worker's attempt counts (a crash is not told from a job that kills its worker)
            assertTrue(retaken >= 1, "the job of the killed worker was taken over");
            stopping.onExit().get(60, TimeUnit.SECONDS);
            Thread.sleep(2000); // a second completion would be published by now
            for (String id : ids) {
                assertEquals(1, completions.getOrDefault(id, 0), "completed events of " + id + ": " + completions);
            }
            assertEquals(0, commands.sync().xlen("aether:queue:transcode"), "the queue is drained");
            assertEquals(Integer.toString(VIDEOS), commands.sync().hget("aether:jobs:by-state", "completed"));
            MinioClient minio = MinioClient.builder().endpoint(services.get("AETHER_MINIO_URL"))
                    .credentials(services.get("AETHER_MINIO_ACCESS_KEY"), services.get("AETHER_MINIO_SECRET_KEY")).build();
            for (String id : ids) {
                minio.statObject(StatObjectArgs.builder().bucket("processed").object(id + "/master.m3u8").build());
            }
        } finally {
            redis.shutdown();
            cluster(env, "down");
        }

        // Redis comes back from its append-only file: the records survive a restart
        try {
            cluster(env, "up", "--api", "1", "--workers", "0", "--port", Integer.toString(port));
            JsonNode list = new Api("http://127.0.0.1:" + port).get("/api/v1/videos?limit=50").json();
            assertEquals(VIDEOS, list.path("total").asInt(), list.toString());
        } finally {
            cluster(env, "down", "--purge");
        }
    }

    /** A worker that holds an active job now, other than the one excluded; waits for one. */
    private static long busyWorker(Api api, java.util.Set<Long> workers, long excluded) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode video : api.get("/api/v1/videos?limit=50").json().path("items")) {
                String worker = video.path("worker").asText("");
                int at = worker.indexOf('@');
                if ("active".equals(video.path("status").asText()) && at > 0) {
                    long pid = Long.parseLong(worker.substring(0, at));
                    if (pid != excluded && workers.contains(pid) && ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                            .orElse(false)) {
                        return pid;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no worker took a job in time");
    }

    private Map<String, String> clusterEnv() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("AETHER_CLUSTER_DIR", dir.resolve("cluster").toString());
        env.put("AETHER_CLASSPATH", SharedClasses.classpath());
        env.put("AETHER_LEASE_MS", "3000");
        env.put("AETHER_STOP_GRACE_MS", "1000");
        env.put("AETHER_RETRY_DELAY_MS", "500");
        env.put("AETHER_X264_PRESET", "ultrafast");
        env.putAll(AppProcess.UNMEASURED);
        env.put("AETHER_ADMIN_KEY", Credentials.ADMIN_KEY);
        // scripts/cluster's replicas get the JVM options of AppProcess's through the variable every java reads
        String jvm = (System.getProperty("aether.it.jvmOptions", "") + " " + String.join(" ", SharedClasses.use())).trim();
        if (!jvm.isEmpty()) {
            env.put("JAVA_TOOL_OPTIONS", jvm);
        }
        return env;
    }

    /** The last lines of each replica's log: the script names a failed one's, which goes with the test's temp dir. */
    private static String logTails(Path clusterDir) {
        StringBuilder tails = new StringBuilder();
        try (java.util.stream.Stream<Path> logs = java.nio.file.Files.list(clusterDir)) {
            for (Path log : logs.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                tails.append("\n--- ").append(log.getFileName()).append(", last lines:\n")
                        .append(AppProcess.logTail(log, 30));
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            tails.append("\n(the replicas' logs unreadable: ").append(e).append(')');
        }
        return tails.toString();
    }

    /** Runs scripts/cluster; returns the variables `up` prints. */
    private static Map<String, String> cluster(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("scripts/cluster"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "scripts/cluster " + String.join(" ", args) + " hangs");
        assertEquals(0, process.exitValue(), "scripts/cluster " + String.join(" ", args) + ":\n" + out
                + logTails(Path.of(env.get("AETHER_CLUSTER_DIR"))));
        Map<String, String> vars = new HashMap<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("export ") && line.contains("=")) {
                String pair = line.substring("export ".length());
                vars.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return vars;
    }

    /** pid to name of the running workers, from `scripts/cluster status`. */
    private static Map<Long, String> workerPids(Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("scripts/cluster", "status");
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Map<Long, String> pids = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.split(" ");
            if (f.length == 4 && f[0].startsWith("worker-") && f[3].equals("running")) {
                pids.put(Long.parseLong(f[1]), f[0]);
            }
        }
        assertEquals(3, pids.size(), out);
        return pids;
    }

    /** The first of {@code count} successive free ports. */
    private static int freeRun(int count) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = Ports.free();
            boolean free = first + count < 65535;
            for (int p = first; free && p < first + count; p++) {
                try (java.net.ServerSocket s = new java.net.ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress())) {
                    s.setReuseAddress(true);
                } catch (java.io.IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return first;
            }
        }
        throw new IllegalStateException("no run of " + count + " free ports");
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
