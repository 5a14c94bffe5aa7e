package io.aether.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.aether.child.ChildCommand;
import io.aether.child.ChildResult;
import io.aether.events.Events;
import io.aether.it.Services;
import io.aether.jobs.JobState;
import io.aether.jobs.TranscodeJob;
import io.aether.media.Encoding;
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
import org.junit.jupiter.api.Test;

/**
 * routes/worker/transcode.yaml in-process, with the worker's real configuration and a real Redis
 * queue; the edges (MinIO and ffprobe/ffmpeg) are replaced by AdviceWith. AETHER_REDIS_URL outranks
 * any property, so the test keeps to a queue and a video of its own there and removes them after.
 */
class TranscodeRouteTest extends RouteTestBase {
    private static final RedisClient CLIENT = RedisClient.create(Services.env("AETHER_REDIS_URL"));
    private static final String QUEUE = "route-test-" + UUID.randomUUID();
    private static final long RETRY_DELAY_MS = 300;
    private static final String PROBE = """
            {"streams": [{"index": 0, "codec_name": "h264", "codec_type": "video", "width": 640, "height": 360,
              "r_frame_rate": "25/1", "avg_frame_rate": "25/1", "disposition": {"default": 1, "attached_pic": 0}}],
             "format": {"format_name": "mov,mp4", "duration": "2.000000"}}
            """;

    private final List<Long> probes = new CopyOnWriteArrayList<>();
    private final List<Long> encodes = new CopyOnWriteArrayList<>();
    private final String id = UUID.randomUUID().toString();
    private final StatefulRedisConnection<String, String> connection = CLIENT.connect();
    private final RedisCommands<String, String> redis = connection.sync();
    private final VideoStore videos = new VideoStore(redis, new Events(redis), video -> "", new DeliveryScript(),
            (event, attempts) -> { });
    private final StreamQueue queue = new StreamQueue(redis, QUEUE);

    TranscodeRouteTest() {
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

    @Test
    void aPermanentFailureFailsOnceAndAcknowledgesTheJob() throws Exception {
        edges(result(1, "", "moov atom not found"), answer(result(0, "", "")));
        runJob();
        Video record = videos.find(id).orElseThrow();
        assertEquals(JobState.FAILED, record.status(), record.toString());
        assertEquals(1, record.attempts(), record.toString());
        assertTrue(record.error().startsWith("the upload is not a readable video"), record.toString());
        assertEquals(1, probes.size(), "ffprobe ran once");
        assertEquals(0, encodes.size(), "ffmpeg never ran");
        assertAcknowledged();
    }

    @Test
    void aTransientFailureIsRedeliveredWithGrowingDelaysUpToTheLimit() throws Exception {
        edges(result(0, PROBE, ""), answer(result(1, "", "Conversion failed!")));
        runJob();
        Video record = videos.find(id).orElseThrow();
        assertEquals(JobState.FAILED, record.status(), record.toString());
        assertEquals(3, record.attempts(), record.toString());
        assertTrue(record.error().startsWith("ffmpeg exited with 1"), record.toString());
        assertEquals(3, encodes.size(), "one attempt and two redeliveries");
        long first = encodes.get(1) - encodes.get(0);
        long second = encodes.get(2) - encodes.get(1);
        assertTrue(first >= RETRY_DELAY_MS, "first delay " + first + " ms");
        // a constant delay would fail this bound; comparing the two delays instead fails on a loaded machine,
        // where the first can take longer than planned
        assertTrue(second >= 2 * RETRY_DELAY_MS, "second delay " + second + " ms, doubled");
        assertAcknowledged();
    }

    @Test
    void aRetriedSinglePassKeepsTheLadderItsFirstAttemptDecided() throws Exception {
        List<List<String>> commands = new CopyOnWriteArrayList<>();
        Processor failing = exchange -> {
            commands.add(exchange.getMessage().getBody(ChildCommand.class).args());
            exchange.getMessage().setBody(result(1, "", "Conversion failed!").apply(exchange));
        };
        edges(result(0, PROBE, ""), failing);
        List<Long> trials = new CopyOnWriteArrayList<>();
        AdviceWith.adviceWith(context, "analyse", route -> route.weaveByToUri("child:trials*").replace()
                .process(exchange -> {
                    // each attempt would score a little differently; only the first is to count
                    List<String> args = exchange.getMessage().getBody(ChildCommand.class).args();
                    trials.add(args.contains("-noaccurate_seek") ? 1L : 0L); // the run that reads the source
                    writeTrials(exchange, 90 + trials.stream().mapToLong(Long::longValue).sum());
                    exchange.getMessage().setBody(result(0, "", "").apply(exchange));
                }));
        runJob();
        Video record = videos.find(id).orElseThrow();
        assertEquals(3, record.attempts(), record.toString());
        // the samples with CRF 30, then CRF 22 (30 fell short of the target): the first attempt's only
        assertEquals(List.of(1L, 0L), trials, "the trials ran on the first attempt only");
        assertEquals("per-title", record.ladder(), record.toString());
        assertEquals(List.of("360p"), record.renditionNames(), record.toString());
        assertEquals(Encoding.CAPPED_CRF, record.encodings().get("360p").mode(), record.toString());
        assertEquals(3, commands.size());
        for (List<String> args : commands) {
            // every attempt encodes at the CRF of the first decision
            assertEquals(commands.get(0).get(commands.get(0).indexOf("-crf:v:0") + 1),
                    args.get(args.indexOf("-crf:v:0") + 1), args.toString());
        }
    }

    @Test
    void aFailedTrialRunEndsTheTrialsAndTheVideoGetsTheFixedLadder() throws Exception {
        edges(result(0, PROBE, ""), answer(result(0, "", "")));
        List<List<String>> runs = new CopyOnWriteArrayList<>();
        AdviceWith.adviceWith(context, "analyse", route -> route.weaveByToUri("child:trials*").replace()
                .process(exchange -> {
                    runs.add(exchange.getMessage().getBody(ChildCommand.class).args());
                    writeTrials(exchange, 91);
                    // the samples are written and tried at CRF 30; the run after it fails
                    exchange.getMessage().setBody(result(runs.size() == 2 ? 1 : 0, "", "Conversion failed!").apply(exchange));
                }));
        runJob();
        Video record = videos.find(id).orElseThrow();
        assertEquals(2, runs.size(), "no run after the failed one");
        assertTrue(runs.get(0).get(runs.get(0).size() - 1).endsWith("samples.nut"), runs.get(0).toString());
        assertTrue(runs.get(0).contains("30.0"), runs.get(0).toString());
        assertTrue(runs.get(1).contains("22.0"), runs.get(1).toString());
        assertEquals("fixed", record.ladder(), record.toString());
        assertTrue(record.ladderReason().contains("Conversion failed!"), record.toString());
    }

    /** What the trial runs leave for the 360p rung: its CRF 22, 30 and 38 encodes, and their VMAF logs. */
    private static void writeTrials(Exchange exchange, double vmafAt30) throws java.io.IOException {
        Path dir = io.aether.worker.job.Job.of(exchange).dir().resolve("trials");
        double[] vmaf = {97, vmafAt30, vmafAt30 - 10};
        for (int t = 0; t < vmaf.length; t++) {
            double crf = 22 + 8 * t;
            Files.write(io.aether.media.TrialCommand.encoded(dir, 0, crf), h264((3 - t) * 2_000));
            Files.writeString(io.aether.media.TrialCommand.scored(dir, 0, crf),
                    "{\"frames\": [{\"metrics\": {\"vmaf\": " + vmaf[t] + "}}]}");
        }
    }

    /** An H.264 byte stream as TrialCommand.kbps reads it: a keyframe, then 29 frames of the given size. */
    private static byte[] h264(int frameBytes) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int f = 0; f < 30; f++) {
            out.writeBytes(new byte[] {0, 0, 1, (byte) (f == 0 ? 0x65 : 0x41)});
            byte[] payload = new byte[f == 0 ? frameBytes * 4 : frameBytes];
            java.util.Arrays.fill(payload, (byte) 0x55);
            out.writeBytes(payload);
        }
        return out.toByteArray();
    }

    @Test
    void aLostLeaseLeavesTheJobUnacknowledged() throws Exception {
        Processor takenOverWhileEncoding = exchange -> {
            writeOutput(exchange);
            // another worker claimed the job meanwhile: the record names it now
            videos.update(id, new Video.Changes().worker("another-worker"));
            exchange.getMessage().setBody(result(0, "", "").apply(exchange));
        };
        edges(result(0, PROBE, ""), takenOverWhileEncoding);
        runJob();
        Video record = videos.find(id).orElseThrow();
        assertEquals(JobState.ACTIVE, record.status(), "not completed by this worker: " + record);
        assertEquals("another-worker", record.worker(), record.toString());
        assertEquals(1, queue.pending(), "the entry stays pending for the worker that took it over");
        assertEquals(1, redis.xlen(queue.stream()));
    }

    /** Replaces the object store and the two child processes; publishing goes nowhere. */
    private void edges(Result probe, Processor encode) throws Exception {
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
    private static Result result(int exit, String stdout, String stderr) {
        return exchange -> new ChildResult(exit, stdout.getBytes(StandardCharsets.UTF_8),
                stderr.getBytes(StandardCharsets.UTF_8));
    }

    private static Processor answer(Result result) {
        return exchange -> exchange.getMessage().setBody(result.apply(exchange));
    }

    private void runJob() throws Exception {
        context.start();
        videos.create(id, new Video.Upload(null, "clip.mp4", null, 0, id + "/source", null, false));
        queue.ensureGroup();
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("take-job").whenDone(1).create();
        queue.add(TranscodeJob.of(id));
        assertTrue(done.matches(30, TimeUnit.SECONDS), "the job ended");
    }

    private void assertAcknowledged() throws InterruptedException {
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
    private static void writeOutput(Exchange exchange) throws Exception {
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

    private interface Result {
        ChildResult apply(Exchange exchange) throws Exception;
    }
}
