package io.aether.api;

import java.util.LinkedHashMap;
import java.util.Map;

import io.aether.media.Encoding;
import io.aether.store.Video;

/** The record's per-title ladder as the API shows it: the video's ladder and each rung's encoding. */
final class LadderView {
    private LadderView() {
    }

    /**
     * {@code ladder}: what the worker used, or what the upload asked until then (null: the deployment's
     * default); {@code ladderReason}: null unless per-title was asked and not used.
     */
    static void video(Video video, Map<String, Object> view) {
        view.put("ladder", video.ladder() != null ? video.ladder() : video.ladderAsked());
        view.put("ladderReason", video.ladderReason() == null || video.ladderReason().isEmpty()
                ? null : video.ladderReason());
    }

    /** A rung's encoding; null until the worker chose the ladder. */
    static Map<String, Object> encoding(Video video, String rung) {
        Encoding e = video.encodings().get(rung);
        if (e == null) {
            return null;
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
