package io.aether.media;

import java.util.List;

/**
 * How a worker shares its cores among the part jobs it runs at once. A slot's share is the cores
 * split evenly: one slot per core means one thread each, which in ffmpeg 5.1 (decode, filters and
 * every rung's encoder in one thread then) is one busy core per slot. A chunk that starts with
 * cores to spare takes them ({@link #threadsBeside}), so the last chunk of a video, running on
 * its own, does not leave cores idle. A whole-video job runs alone and keeps ffmpeg's own choice
 * (as many threads as cores).
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

    /** A chunk encode already running on this worker: its threads, and the seconds of video it has left. */
    public record Running(int threads, double secondsLeft) {
    }

    /** Threads for one slot's ffmpeg: the cores split evenly, at least one. */
    public int threads() {
        return Math.max(1, cores / slots);
    }

    /**
     * Threads for a chunk of {@code seconds} starting now beside the chunk encodes running: the
     * cores they do not hold, never below the slot's share. ffmpeg keeps its threads to the end, so
     * a run that has less than half this chunk left counts as ended: on two cores, a chunk that takes
     * both beside a run with r of its w seconds' work left ends at r/2 + w/2 (three threads share two
     * cores until that run ends, then it has both) instead of w on one thread, and the other run's
     * end moves from r to 1.5r; with r below w/2 both end sooner than w. Other parts (the audio, a
     * download) hardly use a core and are not counted. A chunk that starts alone may be joined a
     * moment later by one at the slot's share: at most cores + share threads at once on two slots.
     */
    public int threadsBeside(double seconds, List<Running> running) {
        int held = running.stream().filter(r -> r.secondsLeft() >= seconds / 2).mapToInt(Running::threads).sum();
        return Math.max(threads(), Math.min(cores, cores - held));
    }

    /**
     * As {@link #threadsBeside(double, List)}, unless jobs wait in the queue: then the slot's share.
     * A slot that frees takes a waiting job at once, so cores a chunk would take beside a run about to
     * end are not spare: it would run on more threads than its share beside that next job (three
     * threads on two cores) to its end, and a run on two threads costs more CPU-seconds than two on
     * one (x264's frame threads and lookahead thread, the decoder's frame threads).
     */
    public int threadsBeside(double seconds, List<Running> running, boolean jobsWaiting) {
        return jobsWaiting ? threads() : threadsBeside(seconds, running);
    }

    /**
     * ffmpeg's thread options for a part's run: the decoder's (before -i), the filter graph's and
     * every encoder's. x264 also runs its lookahead in a thread of its own when it has more than
     * one, a thread that mostly waits; with one thread it has none.
     */
    public static List<String> inputOptions(int threads) {
        return List.of("-threads", Integer.toString(threads));
    }

    public static List<String> globalOptions(int threads) {
        return List.of("-filter_complex_threads", Integer.toString(threads));
    }

    public static List<String> outputOptions(int threads) {
        return List.of("-threads", Integer.toString(threads));
    }
}
