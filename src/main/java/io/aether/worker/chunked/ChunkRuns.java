package io.aether.worker.chunked;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.aether.media.ChunkPlan;
import io.aether.media.PartSlots;

/**
 * The chunk encodes running on this worker, one at most per slot, and how far each is: a chunk
 * starting takes its threads from them ({@link PartSlots#threadsBeside}). How far is read from
 * the run's ffmpeg -progress file (frames encoded), which it rewrites about twice a second.
 */
final class ChunkRuns {
    private record Run(int threads, ChunkPlan.Chunk chunk, Path progress) {
        PartSlots.Running running() {
            long done = Math.min(chunk.frames(), framesDone(progress));
            return new PartSlots.Running(threads, (chunk.frames() - done) / (double) chunk.fps());
        }
    }

    private final PartSlots slots;
    private final Map<String, Run> runs = new HashMap<>();

    ChunkRuns(PartSlots slots) {
        this.slots = slots;
    }

    /**
     * Threads for the chunk the slot starts now; it counts as running until {@link #ended}. With
     * jobs waiting in the queue it takes its share ({@link PartSlots#threadsBeside(double, List, boolean)}).
     */
    synchronized int start(String slot, ChunkPlan.Chunk chunk, Path progress, boolean jobsWaiting) {
        runs.remove(slot);
        List<PartSlots.Running> beside = runs.values().stream().map(Run::running).toList();
        int threads = slots.threadsBeside(chunk.seconds(), beside, jobsWaiting);
        runs.put(slot, new Run(threads, chunk, progress));
        return threads;
    }

    synchronized void ended(String slot) {
        runs.remove(slot);
    }

    /**
     * Why a run that exited 0 did not encode its chunk whole, or null when it did. ffmpeg ends a run
     * with exit 0 when its input ends early (a connection to the object store closed mid-read), and the
     * chunk would be stored short: the video completes with a hole. Its last -progress block counts
     * the frames it wrote. A chunk the picture ends in holds its last frame for the rest (HeldFrame): it
     * is whole unless its read ended more than a little before the picture's end. The video's last chunk
     * is not checked: the plan counts frames by the container's duration, which may be a frame longer
     * than the fps filter makes of a picture as long; the URL's reconnect options cover its reads.
     */
    static String shortOf(ChunkPlan cut, ChunkPlan.Chunk chunk, Path progress) {
        if (chunk.index() == cut.chunks().size() - 1) {
            return null;
        }
        long done = framesDone(progress);
        return done == chunk.frames() ? null
                : "ffmpeg wrote " + done + " of chunk " + chunk.index() + "'s " + chunk.frames() + " frames";
    }

    /** The last frame count ffmpeg reported; none yet (or no file) is 0. */
    static long framesDone(Path progress) {
        List<String> lines;
        try {
            lines = Files.readAllLines(progress);
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            if (line.startsWith("frame=")) {
                try {
                    return Long.parseLong(line.substring(6).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }
}
