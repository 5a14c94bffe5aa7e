package io.aether.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.aether.child.ChildCommand;
import io.aether.media.Encoding;
import io.aether.store.Video;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;

/** The per-title trial runs (routes/worker/analyse.yaml) inside a job's route, their child runs replaced. */
class AnalyseRouteTest extends TranscodeRouteBase {
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
}
