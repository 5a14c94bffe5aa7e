package io.aether.worker.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.aether.media.Encoding;
import io.aether.media.LadderPlanner;
import io.aether.media.Rendition;
import org.junit.jupiter.api.Test;

/** A retry's ladder from what the first attempt wrote into the record: the same rungs, encoded the same. */
class DecidedLadderTest {
    private static final List<Rendition> PLANNED = new LadderPlanner().plan(1920, 1080);

    private static Map<String, Encoding> written(List<Rendition> decided) {
        Map<String, Encoding> out = new LinkedHashMap<>();
        decided.forEach(r -> out.put(r.name(), r.encodingOrAbr()));
        return out;
    }

    @Test
    void aPerTitleDecisionComesBackAsItWasMade() {
        // as LadderTrials.chosen makes them: the 480p rung dropped, the others at their capped CRF
        List<Rendition> decided = List.of(PLANNED.get(0).cappedCrf(24.7, 94, 8000, 12000, false),
                PLANNED.get(1).cappedCrf(30, 88, 4500, 6750, true));
        assertEquals(decided, DecidedLadder.of("per-title", written(decided), PLANNED).orElseThrow());
    }

    @Test
    void aFixedDecisionIsThePlannedLadder() {
        assertEquals(PLANNED, DecidedLadder.of("fixed", written(PLANNED), PLANNED).orElseThrow());
    }

    @Test
    void nothingDecidedOrARungNoLongerPlannedDecidesAnew() {
        assertTrue(DecidedLadder.of(null, Map.of(), PLANNED).isEmpty());
        assertTrue(DecidedLadder.of("per-title", Map.of(), PLANNED).isEmpty(), "a record from before encodings");
        Map<String, Encoding> elsewhere = Map.of("2160p", Encoding.cappedCrf(26, 94, 8000, false));
        assertTrue(DecidedLadder.of("per-title", elsewhere, PLANNED).isEmpty());
    }
}
