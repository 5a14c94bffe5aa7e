package io.aether.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import io.aether.Json;
import io.aether.media.Encoding;
import io.aether.store.Rung;
import io.aether.store.Video;

/**
 * The video's ladder as the API shows it: {@code renditions}, highest first, each {@code {name, width,
 * height, quality, encoding}}; {@code ladder} and {@code ladderReason} (docs/ladder.md, docs/quality.md).
 */
final class LadderView {
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private LadderView() {
    }

    /**
     * {@code ladder}: what the worker used, or what the upload asked until then (null: the deployment's
     * default); {@code ladderReason}: null unless per-title was asked and not used.
     */
    static void put(Video video, Map<String, Object> view) {
        List<Map<String, Object>> renditions = new ArrayList<>();
        for (Rung rung : video.renditions()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", rung.name());
            one.put("width", rung.width());
            one.put("height", rung.height());
            // null until measured
            String quality = video.quality().get(rung.name());
            one.put("quality", quality == null ? null : Json.read(quality, OBJECT));
            one.put("encoding", encoding(video.encodings().get(rung.name())));
            renditions.add(one);
        }
        view.put("renditions", renditions);
        view.put("ladder", video.ladder() != null ? video.ladder() : video.ladderAsked());
        view.put("ladderReason", video.ladderReason() == null || video.ladderReason().isEmpty()
                ? null : video.ladderReason());
    }

    /** Named here, not by the record's fields: the contract (additionalProperties false) is the API's. */
    private static Map<String, Object> encoding(Encoding e) {
        if (e == null) {
            return null; // a record from before per-title ladders
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", e.mode());
        out.put("crf", e.crf());
        out.put("targetVmaf", e.targetVmaf());
        out.put("maxrateKbps", e.maxrateKbps());
        out.put("capped", e.capped());
        return out;
    }
}
