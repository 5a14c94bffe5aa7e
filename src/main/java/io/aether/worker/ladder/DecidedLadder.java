package io.aether.worker.ladder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.aether.media.Encoding;
import io.aether.media.Rendition;

/**
 * The ladder an earlier attempt of the same video decided, as the record keeps it (each kept rung's
 * encoding, highest first). A retried single pass reuses it: trials run again may choose other CRFs
 * or rungs (x264 under VBV varies run to run) and cost their time again; a chunked video's plan does
 * the same for its chunks (ChunkStore.Plan).
 */
final class DecidedLadder {
    private DecidedLadder() {
    }

    /**
     * The decided rungs rebuilt on this attempt's planned ones (the probe of the same source plans the
     * same sizes and audio); empty when nothing was decided yet, or a decided rung is not planned now.
     */
    static Optional<List<Rendition>> of(String ladder, Map<String, Encoding> encodings, List<Rendition> planned) {
        if (ladder == null || encodings.isEmpty()) {
            return Optional.empty();
        }
        List<Rendition> out = new ArrayList<>();
        for (Map.Entry<String, Encoding> kept : encodings.entrySet()) {
            Optional<Rendition> rung = planned.stream().filter(r -> r.name().equals(kept.getKey())).findFirst();
            if (rung.isEmpty()) {
                return Optional.empty();
            }
            Encoding e = kept.getValue();
            // the fixed ladder's ABR is the planner's rung itself; a capped CRF, as LadderTrials.chosen made it
            out.add(!e.constantQuality() ? rung.get() : rung.get().cappedCrf(e.crf(), e.targetVmaf(),
                    e.maxrateKbps(), (int) Math.round(e.maxrateKbps() * LadderSettings.BUFFER), e.capped()));
        }
        return Optional.of(List.copyOf(out));
    }
}
