package io.aether.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.aether.child.ChildCommand;
import io.aether.child.ChildResult;
import io.aether.events.Events;
import io.aether.it.Services;
import io.aether.jobs.TranscodeJob;
import io.aether.queue.StreamQueue;
import io.aether.store.Video;
import io.aether.store.VideoStore;
import io.aether.webhooks.DeliveryScript;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;

/**
 * routes/worker/transcode.yaml in-process, with the worker's real configuration and a real Redis
 * queue; the edges (MinIO and ffprobe/ffmpeg) are replaced by AdviceWith. AETHER_REDIS_URL outranks
 * any property, so each test keeps to a queue and a video of its own there and removes them after.
 */
abstract class TranscodeRouteBase extends RouteTestBase {
    private static final RedisClient CLIENT = RedisClient.create(Services.env("AETHER_REDIS_URL"));
    private static final String QUEUE = "route-test-" + UUID.randomUUID();
    protected static final long RETRY_DELAY_MS = 300;
    protected static final String PROBE = """
            {"streams": [{"index": 0, "codec_name": "h264", "codec_type": "video", "width": 640, "height": 360,
              "r_frame_rate": "25/1", "avg_frame_rate": "25/1", "disposition": {"default": 1, "attached_pic": 0}}],
             "format": {"format_name": "mov,mp4", "duration": "2.000000"}}
            """;

    protected final List<Long> probes = new CopyOnWriteArrayList<>();
    protected final List<Long> encodes = new CopyOnWriteArrayList<>();
    protected final String id = UUID.randomUUID().toString();
    private final StatefulRedisConnection<String, String> connection = CLIENT.connect();
    protected final RedisCommands<String, String> redis = connection.sync();
    protected final VideoStore videos = new VideoStore(redis, new Events(redis), video -> "", new DeliveryScript(),
            (event, attempts) -> { });
    protected final StreamQueue queue = new StreamQueue(redis, QUEUE);

    TranscodeRouteBase() {
        super("worker", null);
    }

    @Override
    protected void properties(Properties properties) {
        properties.put("aether.queue", QUEUE);
        properties.put("aether.max-attempts", "3");
        properties.put("aether.retry-delay-ms", Long.toString(RETRY_DELAY_MS));
        properties.put("aether.work-dir", tempDir().toString());
        // no trial run to speak of unless a test replaces it (AETHER_QUALITY_FFMPEG, where set, outranks this)
        properties.put("aether.quality.ffmpeg", "false");
    }

    @AfterEach
    void removeJobAndVideo() {
        context.stop();
        redis.del(queue.stream());
        videos.purge(id);
        connection.close();
    }

    /** Replaces the object store and the two child processes; publishing goes nowhere. */
    protected void edges(Result probe, Processor encode) throws Exception {
        AdviceWith.adviceWith(context, "transcode", route -> {
            route.weaveByToUri("minio:*").replace().process(exchange -> exchange.getMessage()
                    .setBody(new ByteArrayInputStream("not read by the fake ffprobe".getBytes(StandardCharsets.UTF_8))));
            route.weaveByToUri("child:ffprobe*").replace().process(exchange -> {
                probes.add(System.nanoTime());
                exchange.getMessage().setBody(probe.apply(exchange));
            });
            route.weaveByToUri("child:ffmpeg*").replace().process(exchange -> {
                encodes.add(System.nanoTime());
                encode.process(exchange);
            });
        });
        AdviceWith.adviceWith(context, "publish", route -> route.weaveByToUri("minio:*").replace().to("mock:processed"));
    }

    /** How a child process ended, as a child: endpoint reports it. */
    protected static Result result(int exit, String stdout, String stderr) {
        return exchange -> new ChildResult(exit, stdout.getBytes(StandardCharsets.UTF_8),
                stderr.getBytes(StandardCharsets.UTF_8));
    }

    protected static Processor answer(Result result) {
        return exchange -> exchange.getMessage().setBody(result.apply(exchange));
    }

    protected void runJob() throws Exception {
        context.start();
        videos.create(id, new Video.Upload(null, "clip.mp4", null, 0, id + "/source", null, false));
        queue.ensureGroup();
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("take-job").whenDone(1).create();
        queue.add(TranscodeJob.of(id));
        assertTrue(done.matches(30, TimeUnit.SECONDS), "the job ended");
    }

    protected void assertAcknowledged() throws InterruptedException {
        // the consumer acknowledges just after the route is done, then deletes the entry (XACK, then XDEL)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((queue.pending() > 0 || redis.xlen(queue.stream()) > 0) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, queue.pending(), "nothing pending");
        assertEquals(0, redis.xlen(queue.stream()), "the entry was acknowledged and deleted");
    }

    /** What ffmpeg would leave: a master playlist and a segment in its output directory. */
    @SuppressWarnings("unchecked")
    protected static void writeOutput(Exchange exchange) throws Exception {
        List<String> args = exchange.getMessage().getBody(ChildCommand.class).args();
        Path out = Path.of(args.get(args.indexOf("-hls_segment_filename") + 1)).getParent();
        Files.createDirectories(out);
        Files.writeString(out.resolve("master.m3u8"), "#EXTM3U\n");
        String streams = args.get(args.indexOf("-var_stream_map") + 1);
        for (String stream : streams.split(" ")) {
            String rung = stream.substring(stream.indexOf("name:") + 5);
            Files.writeString(out.resolve(rung + ".m3u8"), "#EXTM3U\n#EXTINF:2.0,\n" + rung + "_00000.ts\n");
            Files.writeString(out.resolve(rung + "_00000.ts"), "segment");
        }
    }


    private static Path tempDir() {
        try {
            return Files.createTempDirectory("aether-route-test-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    protected interface Result {
        ChildResult apply(Exchange exchange) throws Exception;
    }
}
