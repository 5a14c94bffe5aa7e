package io.aether.store;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A download of the video as one file (store/Downloads), one field of its record each.
 *
 * @param status waiting, active, ready or failed
 * @param reason why it failed, else ""
 */
public record Download(String rendition, String status, String reason) {
    /** One field per download, {@code download:<rendition>}, valued {@code <status>} or {@code failed:<reason>}. */
    static final String FIELD = "download:";

    public boolean ready() {
        return "ready".equals(status);
    }

    /** The record's downloads, by rendition name. */
    static List<Download> read(Map<String, String> hash) {
        return hash.entrySet().stream().filter(e -> e.getKey().startsWith(FIELD))
                .map(e -> parse(e.getKey().substring(FIELD.length()), e.getValue()))
                .sorted(Comparator.comparing(Download::rendition)).toList();
    }

    private static Download parse(String rendition, String value) {
        int colon = value.indexOf(':');
        return colon < 0 ? new Download(rendition, value, "")
                : new Download(rendition, value.substring(0, colon), value.substring(colon + 1));
    }
}
