package io.aether.worker.ladder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.media.InvalidMediaException;
import io.aether.media.Rendition;
import io.aether.media.SampleDensity;
import io.aether.media.VmafLog;

/**
 * How widely a video's frames score, read from the trial run's VMAF logs, from which its measurement's
 * sampling is decided (docs/quality.md, Density). The trials score frames at several places of the
 * source, so their spread sees the source change as well as the encoder's frame types.
 */
final class TrialSpread {
    private TrialSpread() {
    }

    /**
     * The largest spread among the kept rungs, each at its chosen CRF: the rung's trials' spreads
     * (trial i = rung / CRFs, CRF i % CRFs, as TrialCommand writes them) interpolated there. Rungs
     * dropped from the ladder are never measured, so their frames do not count.
     *
     * @param crfs the trial CRFs, in the settings' order
     * @param rungs the candidates the trials encoded, in their order
     * @param kept the ladder chosen, each rung at its capped CRF
     */
    static double widest(Path dir, List<Double> crfs, List<Rendition> rungs, List<Rendition> kept)
            throws IOException, InvalidMediaException {
        List<Integer> order = IntStream.range(0, crfs.size()).boxed().sorted(Comparator.comparing(crfs::get)).toList();
        List<String> names = rungs.stream().map(Rendition::name).toList();
        double widest = 0;
        for (Rendition rung : kept) {
            int i = names.indexOf(rung.name());
            List<Double> spreads = new ArrayList<>();
            for (int c : order) {
                List<Double> scores = new ArrayList<>();
                for (JsonNode frame : VmafLog.scored(Files.readString(dir.resolve("vmaf-" + (i * crfs.size() + c) + ".json")))) {
                    scores.add(frame.path("metrics").path("vmaf").asDouble());
                }
                spreads.add(SampleDensity.spread(scores));
            }
            widest = Math.max(widest, SampleDensity.spreadAt(order.stream().map(crfs::get).toList(), spreads,
                    rung.encoding().crf()));
        }
        return widest;
    }
}
