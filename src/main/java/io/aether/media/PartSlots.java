package io.aether.media;

import java.util.List;

/**
 * How a worker shares its cores among the part jobs it runs at once. Every slot's ffmpeg gets the
 * same share of threads, so the slots together use the cores without oversubscribing them: one
 * slot per core means one thread each, which in ffmpeg 5.1 (decode, filters and every rung's
 * encoder in one thread then) is one busy core per slot. A whole-video job runs alone and keeps
 * ffmpeg's own choice (as many threads as cores).
 *
 * @param slots part jobs at once
 * @param cores the cores this process may use (the JVM reads the container's CPU limit)
 */
public record PartSlots(int slots, int cores) {
    public PartSlots {
        if (slots < 1 || cores < 1) {
            throw new IllegalArgumentException("slots and cores must be at least 1, not " + slots + " and " + cores);
        }
    }

    /** The setting AETHER_PART_SLOTS: 0 (the default) means one slot per core. */
    public static PartSlots of(int setting, int cores) {
        if (setting < 0) {
            throw new IllegalArgumentException("AETHER_PART_SLOTS must be 0 (one per core) or more, not " + setting);
        }
        return new PartSlots(setting == 0 ? cores : setting, cores);
    }

    /** Threads for one slot's ffmpeg: the cores split evenly, at least one. */
    public int threads() {
        return Math.max(1, cores / slots);
    }

    /**
     * ffmpeg's thread options for one slot: the decoder's (before -i), the filter graph's and every
     * encoder's. x264 also runs its lookahead in a thread of its own when it has more than one, a
     * thread that mostly waits; with one thread it has none.
     */
    public List<String> inputOptions() {
        return List.of("-threads", Integer.toString(threads()));
    }

    public List<String> globalOptions() {
        return List.of("-filter_complex_threads", Integer.toString(threads()));
    }

    public List<String> outputOptions() {
        return List.of("-threads", Integer.toString(threads()));
    }
}
