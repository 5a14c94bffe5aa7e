package io.aether.media;

/**
 * A source whose picture ends before its sound (a screen recording whose capture stopped while the
 * microphone kept going) plays to the sound's end with the picture's last frame held, as a desktop
 * player shows it: every rung has frames for the whole duration, so the video's length is one figure
 * and a player that ends a presentation with its video playlist keeps all of the sound.
 */
public final class HeldFrame {

    private HeldFrame() {
    }

    /**
     * The frames a chunk's run may read fewer than the probe counts up to the picture's end and still
     * be whole: the probe's stream length and the frames the {@code fps} filter makes of it differ by a
     * frame or two. Within it, a read that ended early is filled with the held frame, not retried.
     */
    static long slack(int fps) {
        return Math.max(2, fps / 2);
    }

    /** The frames at the end of a chunk that come after the picture's end: 0 to all of them. */
    public static long held(ChunkPlan cut, ChunkPlan.Chunk chunk) {
        return Math.max(0, Math.min(chunk.frames(), chunk.startFrame() + chunk.frames() - cut.picture()));
    }

    /**
     * Where a chunk's run seeks: its start, or for a chunk wholly after the picture, a second before
     * the picture's end, so the run has the last frame to hold.
     */
    public static double seek(ChunkPlan cut, ChunkPlan.Chunk chunk) {
        if (held(cut, chunk) < chunk.frames()) {
            return chunk.startSeconds();
        }
        return (cut.picture() - lead(cut)) / (double) cut.fps();
    }

    /**
     * The first filter of a chunk's graph: the plan's constant rate, then for a chunk the picture ends
     * in its last frame repeated for the rest (and a little more, {@link #slack}; {@code -frames:v}
     * ends the run); a chunk wholly after the picture takes the last of the second its run reads, held.
     * A chunk whose read ends earlier still than that writes fewer frames than planned and is retried.
     */
    public static String chunkFilter(ChunkPlan cut, ChunkPlan.Chunk chunk) {
        String rate = "fps=" + chunk.fps();
        long held = held(cut, chunk);
        if (held == 0) {
            return rate;
        }
        if (held < chunk.frames()) {
            return rate + ",tpad=stop_mode=clone:stop=" + (held + slack(chunk.fps()));
        }
        // bounded, not stop=-1: a graph that never ends kept a run with the measure branch going (seen in
        // PictureEndsEarlyTest), after its outputs had all their frames
        long last = lead(cut) - 1;
        return rate + ",tpad=stop_mode=clone:stop=" + chunk.frames() + ",trim=start_frame=" + last + ":end_frame="
                + (last + chunk.frames()) + ",setpts=PTS-STARTPTS";
    }

    /** The single pass's first filter: the same rate, the picture's last frame held to the sound's end. */
    public static String singlePass(ProbeResult probe) {
        int fps = ChunkPlan.outputFps(probe.frameRate());
        String rate = "fps=" + fps;
        long total = Math.round(probe.durationSeconds() * fps);
        long held = total - ChunkPlan.pictureFrames(total, probe.pictureSeconds(), fps);
        return held <= 0 ? rate : rate + ",tpad=stop_mode=clone:stop=" + held;
    }

    /** The frames read before the picture's last: up to a second's. */
    private static long lead(ChunkPlan cut) {
        return Math.min(cut.fps(), cut.picture());
    }
}
