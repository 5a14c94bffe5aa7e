package io.aether.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.bench.HlsLadder.Rung;

/**
 * What the video's record says about one rung, read by the field names of the API's contract
 * ({@code renditions[]: {name, width, height, quality: {vmaf: {mean, p5, min, model}}, encoding: {mode,
 * crf, targetVmaf, maxrateKbps, capped}}}). A field the record lacks (an older API listed renditions as
 * plain names) reads as NaN or null and prints as "n/a".
 */
record QualityRecord(String name, double vmafMean, String vmafUnavailable, String mode, double crf,
        double targetVmaf, double maxrateKbps, Boolean capped, int sampleEvery) {
    private static final Pattern HEIGHT = Pattern.compile("(\\d+)p?");

    /** The rendition of the record that is this rung: same name, or failing that the same height. */
    static QualityRecord of(JsonNode record, Rung rung) {
        JsonNode match = null;
        for (JsonNode rendition : record.path("renditions")) {
            String name = rendition.isTextual() ? rendition.asText() : rendition.path("name").asText();
            if (name.equals(rung.name()) || height(rendition, name) == rung.height()) {
                match = rendition;
                break;
            }
        }
        if (match == null || match.isTextual()) {
            return new QualityRecord(match == null ? null : match.asText(), Double.NaN, null, null, Double.NaN,
                    Double.NaN, Double.NaN, null, 0);
        }
        JsonNode quality = match.path("quality");
        JsonNode encoding = match.path("encoding");
        return new QualityRecord(match.path("name").asText(), number(quality.path("vmaf").path("mean")),
                quality.path("vmafUnavailable").isTextual() ? quality.path("vmafUnavailable").asText() : null,
                encoding.path("mode").isTextual() ? encoding.path("mode").asText() : null,
                number(encoding.path("crf")), number(encoding.path("targetVmaf")), number(encoding.path("maxrateKbps")),
                encoding.path("capped").isBoolean() ? encoding.path("capped").asBoolean() : null,
                quality.path("sampleEvery").asInt(0));
    }

    /** The record's ladder ("per-title" or "fixed") and why per-title was not used, if it says. */
    static String ladder(JsonNode record) {
        String ladder = record.path("ladder").isTextual() ? record.path("ladder").asText() : "n/a";
        return record.path("ladderReason").isTextual() ? ladder + " (" + record.path("ladderReason").asText() + ")" : ladder;
    }

    /** The encoding in a few words: "capped-crf 23.5 ≤4500k capped", "abr ≤5350k", or n/a. */
    String encoding() {
        if (mode == null) {
            return "n/a";
        }
        StringBuilder text = new StringBuilder(mode);
        if (!Double.isNaN(crf)) {
            text.append(String.format(" crf %.1f", crf));
        }
        if (!Double.isNaN(maxrateKbps)) {
            text.append(String.format(" ≤%.0fk", maxrateKbps));
        }
        if (Boolean.TRUE.equals(capped)) {
            text.append(" capped");
        }
        return text.toString();
    }

    private static int height(JsonNode rendition, String name) {
        if (rendition.path("height").isInt()) {
            return rendition.path("height").asInt();
        }
        Matcher m = HEIGHT.matcher(name);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : Double.NaN;
    }
}
