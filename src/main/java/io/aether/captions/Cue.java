package io.aether.captions;

/** One caption: shown from {@code startMillis} to {@code endMillis} of the video's timeline. */
public record Cue(long startMillis, long endMillis, String text) {
}
