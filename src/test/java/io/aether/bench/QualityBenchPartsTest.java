package io.aether.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import io.aether.bench.BenchVmaf.Score;
import io.aether.bench.HlsLadder.Rung;
import io.aether.bench.QualityBench.LadderRun;
import io.aether.bench.QualityBench.SourceResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of bench/quality that decide what it prints: record reading, pooling, the targets. */
class QualityBenchPartsTest {
    private static final Rung TOP = new Rung("1080p.m3u8", 1920, 1080, 7_500_000, 60, 1200, Path.of("x"));
    private static final Rung LOW = new Rung("720p.m3u8", 1280, 720, 3_000_000, 60, 500, Path.of("y"));

    @Test
    void readsTheRecordByTheContractsFieldNames() throws Exception {
        JsonNode record = Json.MAPPER.readTree("""
                {"ladder": "per-title", "renditions": [
                  {"name": "1080p", "width": 1920, "height": 1080,
                   "quality": {"vmaf": {"mean": 93.41, "p5": 90.1, "min": 88, "model": "vmaf_v0.6.1"},
                               "psnr": 44.1, "ssim": 0.99, "frames": 360, "sampleEvery": 5},
                   "encoding": {"mode": "capped-crf", "crf": 23.5, "targetVmaf": 93, "maxrateKbps": 6000, "capped": true}},
                  {"name": "hd", "width": 1280, "height": 720,
                   "quality": {"vmaf": null, "vmafUnavailable": "measurement turned off"},
                   "encoding": {"mode": "abr", "crf": null, "targetVmaf": null, "maxrateKbps": 2996, "capped": false}}]}""");
        QualityRecord top = QualityRecord.of(record, TOP);
        assertEquals(93.41, top.vmafMean());
        assertEquals(93, top.targetVmaf());
        assertEquals(Boolean.TRUE, top.capped());
        assertEquals(5, top.sampleEvery());
        assertEquals("capped-crf crf 23.5 ≤6000k capped", top.encoding());
        // matched by height where the name differs from the playlist's
        QualityRecord low = QualityRecord.of(record, LOW);
        assertTrue(Double.isNaN(low.vmafMean()));
        assertEquals("measurement turned off", low.vmafUnavailable());
        assertEquals("abr ≤2996k", low.encoding());
        assertEquals("per-title", QualityRecord.ladder(record));
    }

    @Test
    void anOlderRecordWithPlainNamesReadsAsNotAvailable() throws Exception {
        JsonNode record = Json.MAPPER.readTree("{\"renditions\": [\"1080p\", \"720p\"]}");
        QualityRecord top = QualityRecord.of(record, TOP);
        assertEquals("1080p", top.name());
        assertTrue(Double.isNaN(top.vmafMean()) && Double.isNaN(top.targetVmaf()));
        assertNull(top.capped());
        assertEquals("n/a", top.encoding());
        assertEquals("n/a", QualityRecord.ladder(record));
    }

    @Test
    void poolsMeanFifthPercentileAndMinimumFromTheLog(@TempDir Path dir) throws Exception {
        StringBuilder frames = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            frames.append(i == 0 ? "" : ",").append("{\"frameNum\":").append(i).append(",\"metrics\":{\"vmaf\":")
                    .append(60 + i).append("}}");
        }
        Path log = Files.writeString(dir.resolve("log.json"), "{\"frames\":[" + frames + "]}");
        Score score = BenchVmaf.score(log);
        assertEquals(79.5, score.mean(), 1e-9);
        assertEquals(61, score.p5(), "the 2nd of 40 sorted scores (nearest rank)");
        assertEquals(60, score.min());
        assertEquals(40, score.frames());
        Path empty = Files.writeString(dir.resolve("empty.json"), "{\"frames\":[]}");
        assertThrows(IllegalStateException.class, () -> BenchVmaf.score(empty));
    }

    @Test
    void aTopRungOffItsTargetFailsUnlessTheRecordSaysItIsCapped() throws Exception {
        assertEquals(QualityTargets.FAIL, status(result(false, 90.5), 0));
        assertEquals(QualityTargets.PASS, status(result(true, 88.0), 0));
        assertEquals(QualityTargets.PASS, status(result(false, 93.9), 0));
        // below 90 and not capped fails the floor; close rungs fail the gap
        assertEquals(QualityTargets.FAIL, status(result(false, 89.0), 1));
        assertEquals(QualityTargets.FAIL, status(result(false, 93.0), 4));
    }

    @Test
    void withoutTheRecordsFieldsTheTargetsSayNotAvailable() throws Exception {
        JsonNode record = Json.MAPPER.readTree("{\"renditions\": [\"1080p\", \"720p\"]}");
        SourceResult r = result(record, 95);
        List<QualityTargets.Check> checks = QualityTargets.all(List.of(r), 1);
        assertEquals(QualityTargets.NA, checks.get(0).status());
        assertEquals(QualityTargets.NA, checks.get(5).status(), "record vs bench");
    }

    private static String status(SourceResult r, int check) {
        return QualityTargets.all(List.of(r), 1).get(check).status();
    }

    private static SourceResult result(boolean capped, double topVmaf) throws Exception {
        return result(Json.MAPPER.readTree(String.format("""
                {"renditions": [{"name": "1080p", "height": 1080, "quality": {"vmaf": {"mean": %s}},
                  "encoding": {"targetVmaf": 93, "capped": %s}},
                 {"name": "720p", "height": 720, "quality": {"vmaf": {"mean": 91.5}}, "encoding": {"capped": false}}]}""",
                topVmaf, capped)), topVmaf);
    }

    private static SourceResult result(JsonNode record, double topVmaf) {
        Map<Integer, Score> bench = Map.of(1080, new Score(topVmaf, topVmaf - 3, topVmaf - 5, 360),
                720, new Score(91.5, 88, 85, 360));
        Map<Integer, QualityRecord> perRung = Map.of(1080, QualityRecord.of(record, TOP), 720, QualityRecord.of(record, LOW));
        LadderRun perTitle = new LadderRun("per-title", 50, "per-title", List.of(TOP, LOW), bench, perRung);
        LadderRun fixed = new LadderRun("fixed", 48, "fixed", List.of(TOP, LOW), bench, perRung);
        return new SourceResult(QualityCorpus.ALL.get(0), 0.2, perTitle, fixed, null);
    }
}
