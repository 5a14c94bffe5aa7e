package io.aether.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import io.aether.Json;

/**
 * A rung of a video's ladder as its record keeps it: its name in the master playlist and its size
 * (null in a record from before sizes were kept).
 */
public record Rung(String name, Integer width, Integer height) {
    private static final TypeReference<List<Rung>> LIST = new TypeReference<>() { };

    /**
     * The record's rungs, highest first. A record written before they were one field has two lists
     * in step, names ({@code 1080p,720p}) and sizes ({@code 1920x1080,1280x720}): completed videos keep
     * their records, so those are still read.
     */
    static List<Rung> read(Map<String, String> hash) {
        if (hash.containsKey(Video.RUNGS)) {
            return Json.read(hash.get(Video.RUNGS), LIST);
        }
        String names = hash.get(Video.OLD_NAMES);
        if (names == null || names.isEmpty()) {
            return List.of();
        }
        String[] name = names.split(",");
        String[] size = hash.getOrDefault(Video.OLD_SIZES, "").split(",");
        List<Rung> out = new ArrayList<>();
        for (int i = 0; i < name.length; i++) {
            int x = i < size.length ? size[i].indexOf('x') : -1;
            out.add(x < 0 ? new Rung(name[i], null, null) : new Rung(name[i],
                    Integer.valueOf(size[i].substring(0, x)), Integer.valueOf(size[i].substring(x + 1))));
        }
        return List.copyOf(out);
    }
}
