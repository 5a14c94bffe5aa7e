package io.aether.media;

/** The two ladders a video can get (docs/ladder.md): what uploads ask for and the worker's setting names. */
public final class LadderChoice {
    /** Trial encodes choose each rung's capped CRF from its VMAF target; the default. */
    public static final String PER_TITLE = "per-title";
    /** LadderPlanner's ABR ladder, unchanged. */
    public static final String FIXED = "fixed";

    private LadderChoice() {
    }

    public static boolean valid(String value) {
        return PER_TITLE.equals(value) || FIXED.equals(value);
    }

    /** An upload's answer: null when it asked for none (the worker's default), else a valid choice. */
    public static String asked(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!valid(value)) {
            throw new IllegalArgumentException("ladder must be per-title or fixed");
        }
        return value;
    }
}
