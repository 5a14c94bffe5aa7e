package io.aether.it;

import static io.aether.tus.TusFixtures.id;
import static io.aether.tus.TusFixtures.rawSha256;
import static io.aether.tus.TusFixtures.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.tus.NodeTus;
import io.aether.tus.TcpProxy;
import io.aether.tus.TusFixtures;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real tus-js-client (npm, run by node) against Aether: the API process is killed mid-upload and
 * a new one started; the client resumes where the server's acknowledged offset says and the video
 * is transcoded. Clients reach the API through a proxy that, like a load balancer, forwards only to
 * a started replica.
 */
class TusInteropTest {
    private static final int DB = 6;
    private static final long CHUNK = 5L * 1024 * 1024;
    private static StatefulRedisConnection<String, String> redis;
    private static TcpProxy proxy;
    private static AppProcess worker;
    private static AppProcess api;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        NodeTus.ensureInstalled();
        redis = Services.freshRedis(DB);
        proxy = new TcpProxy();
        worker = AppProcess.start("worker", DB, Map.of());
        api = startApi();
    }

    @AfterAll
    static void stop() throws Exception {
        AppProcess.closeAll(api, worker);
        if (proxy != null) {
            proxy.close();
        }
        if (redis != null) {
            TusFixtures.abortUnfinished(redis.sync());
            redis.close();
        }
    }

    /** An API replica behind the proxy; Location headers name the proxy, the address clients know. */
    private static AppProcess startApi() throws Exception {
        AppProcess started = AppProcess.start("api", DB, Map.of("AETHER_PUBLIC_URL", proxy.url(),
                "AETHER_TUS_LOCK_MS", "3000"));
        proxy.backend(URI.create(started.url()).getPort());
        return started;
    }

    @Test
    void tusJsClientResumesAcrossAnApiRestartAndTheVideoIsTranscoded() throws Exception {
        Path video = noisyVideo(dir.resolve("fifty.mp4"));
        long size = Files.size(video);
        assertTrue(size >= 50_000_000, "a 50 MB file: " + size);

        try (NodeTus client = NodeTus.upload(proxy.url() + "/files/", video, CHUNK, Map.of("TUS_DELAY_MS", "250"))) {
            String url = client.await("url", Duration.ofSeconds(30)).path("url").asText();
            assertTrue(url.startsWith(proxy.url() + "/files/"), url);
            String id = id(url);
            long accepted = 0;
            while (accepted < 20_000_000) {
                accepted = client.await("chunk", Duration.ofSeconds(60)).path("accepted").asLong();
            }

            proxy.backend(0);
            api.kill();
            long kept = Long.parseLong(redis.sync().hget("aether:tus:" + id, "offset"));
            assertTrue(kept >= accepted, "everything acknowledged survived the kill: " + kept + " < " + accepted);
            assertTrue(kept < size, "the upload was not finished when the API died");
            api = startApi();

            JsonNode success = client.await("success", Duration.ofMinutes(3));
            assertEquals(url, success.path("url").asText(), "the same upload was resumed, not started over");
            assertEquals(0, client.waitFor(Duration.ofSeconds(10)));
            assertTrue(client.output().contains("\"event\":\"retry\""), "the client really had to resume");
            assertEquals(sha256(video), rawSha256(Services.minio(), id), "raw holds the file byte for byte");

            JsonNode done = new Api(api.url()).awaitFinished(id, Duration.ofMinutes(5));
            assertEquals("completed", done.path("status").asText(), done.toString());
            assertEquals("fifty.mp4", done.path("filename").asText());
            assertEquals(size, done.path("size").asLong());
            assertEquals(1, done.path("attempts").asInt(), "one job, one attempt");
            assertEquals("tus", redis.sync().hget("aether:video:" + id, "source"));
        }
    }

    /** About 50 MB of real, decodable video: noise does not compress, so 10 s at 40 Mbit/s. */
    private static Path noisyVideo(Path out) throws Exception {
        Tools.run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "color=c=gray:s=640x360:r=25,noise=alls=100:allf=t",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", "10", "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "40M", "-minrate", "40M",
                "-maxrate", "40M", "-bufsize", "20M", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                out.toString()));
        return out;
    }
}
