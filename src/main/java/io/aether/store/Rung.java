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
    /** The ladder's rungs in the video's record, a JSON list. */
    static final String FIELD = "rungs";
    /** How a record written before {@link #FIELD} keeps them (read here, written by nothing). */
    static final String OLD_NAMES = "renditions";
    static final String OLD_SIZES = "renditionSizes";
    private static final TypeReference<List<Rung>> LIST = new TypeReference<>() { };

    /**
     * The record's rungs, highest first. A record written before they were one field has two lists
     * in step, names ({@code 1080p,720p}) and sizes ({@code 1920x1080,1280x720}): completed videos keep
     * their records, so those are still read.
     */
    static List<Rung> read(Map<String, String> hash) {
        if (hash.containsKey(FIELD)) {
            return Json.read(hash.get(FIELD), LIST);
        }
        String names = hash.get(OLD_NAMES);
        if (names == null || names.isEmpty()) {
            return List.of();
        }
        String[] name = names.split(",");
        String[] size = hash.getOrDefault(OLD_SIZES, "").split(",");
        List<Rung> out = new ArrayList<>();
        for (int i = 0; i < name.length; i++) {
            int x = i < size.length ? size[i].indexOf('x') : -1;
            out.add(x < 0 ? new Rung(name[i], null, null) : new Rung(name[i],
                    Integer.valueOf(size[i].substring(0, x)), Integer.valueOf(size[i].substring(x + 1))));
        }
        return List.copyOf(out);
    }
}
