package io.aether.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import io.aether.Json;
import io.aether.store.Rung;
import io.aether.store.Video;

/**
 * The record's {@code renditions}, highest first: {@code {name, width, height, quality, encoding}}.
 * {@code quality} is null until the rendition is measured (docs/quality.md); {@code encoding} is how
 * it was encoded (the ladder's part of the view).
 */
final class RenditionsView {
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private RenditionsView() {
    }

    static List<Map<String, Object>> of(Video video) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Rung rung : video.renditions()) {
            String name = rung.name();
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", name);
            one.put("width", rung.width());
            one.put("height", rung.height());
            String quality = video.quality().get(name);
            one.put("quality", quality == null ? null : Json.read(quality, OBJECT));
            one.put("encoding", LadderView.encoding(video, name));
            out.add(one);
        }
        return out;
    }
}
