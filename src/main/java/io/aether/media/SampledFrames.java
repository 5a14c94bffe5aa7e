package io.aether.media;

import java.util.ArrayList;
import java.util.List;

/**
 * Which frames of one run (a chunk, or the single pass) the measurement takes: in every block of N
 * frames of the whole video, three consecutive frames, the middle one scored (libvmaf
 * {@code n_subsample=3}), its neighbours decoded for VMAF's motion feature only; and the run's frames
 * 0 and 1 ahead of them (docs/quality.md, Sampling).
 *
 * <p><b>Both neighbours</b>: libvmaf's motion of a frame is the smaller of its differences to the frame
 * before and the frame after. With pairs, a far frame stood before each scored one, and on a scrolling
 * automaton a far frame can differ less than the next: motion 13 for 65, VMAF 26 for 66.
 *
 * <p><b>Where in its block</b>: so that the scored frames fall evenly on the encoder's frame types and
 * on every part of a GOP. A fixed place did not: chunks start on a GOP, so every 10 s chunk scored the
 * same GOP positions (29, 28, 27, 26, 25 at every 59); a golden-ratio place did not either (five
 * blocks of 59 are almost a 10 s chunk and 5 x 0.618 almost a whole number: every chunk scored its
 * frames 12, 107, 144, 181, 276, three of five on x264's P-frames, which read 80 on a capped fractal
 * where its B-frames read 74). So block b's scored frame is at 5b + 1 modulo 12 of the video (any 2,
 * 3 or 4 blocks in a row land on different positions of a B-frame pattern of period 2, 3 or 4), in
 * a stretch of 12 frames that a golden-ratio sequence moves through the block. The blocks are the
 * video's, so chunks continue one sequence.
 *
 * <p><b>Frames 0 and 1</b>: libvmaf scores a run's first frame with no motion (0), on moving content
 * far low (an automaton 17 for 66); {@link VmafLog#scored} leaves it out, and with these two ahead no
 * sample is lost to it (a 2 s chunk's only sample was that frame, and the record read 2 points low).
 *
 * <p>Computed once: the encode run's branch and output and the measure run's select all read the same
 * frames.
 */
public final class SampledFrames {
    /** (sqrt(5) - 1) / 2, written out so that ffmpeg's expression and Java compute the same doubles. */
    static final String GOLDEN = "0.6180339887498949";
    private static final double PHI = Double.parseDouble(GOLDEN);

    private final int every;
    private final long start;
    private final long frames;
    private final List<Long> middles;

    /**
     * @param every N; 3 or less takes every frame
     * @param start the run's first frame's number in the video (a chunk's start; 0 for the single pass)
     * @param frames the run's frames; 0 when it runs to the end of the source
     */
    public SampledFrames(int every, long start, long frames) {
        if (every < 1 || start < 0 || frames < 0) {
            throw new IllegalArgumentException("sampling every " + every + " frames from " + start + " for " + frames);
        }
        this.every = every;
        this.start = start;
        this.frames = frames;
        this.middles = middles();
    }

    public int every() {
        return every;
    }

    public long start() {
        return start;
    }

    public long frames() {
        return frames;
    }

    public boolean everyFrame() {
        return every <= 3;
    }

    /** The stretch positions cycle through: 12 frames (periods 2, 3, 4 repeat in it), else 4, else 1 to 2. */
    private int stretch() {
        return every >= 14 ? 12 : every >= 6 ? 4 : every - 2;
    }

    /** The first frame of block b's three, counted from the block's start: 0 to N - 3. */
    long offset(long block) {
        int m = stretch();
        int slots = (every - 2) / m;
        double x = (block + 1) * PHI;
        return m * (long) Math.floor(slots * (x - Math.floor(x))) + Math.floorMod((long) (5 - every) * block, m);
    }

    /**
     * The run's own numbers of its scored frames, in order: the middles of the threes that lie whole
     * in it after its frames 0 and 1 (over its first 3N frames when it has no end); a run too short
     * for one (a short last chunk) has its middle three.
     */
    List<Long> scoredFrames() {
        return middles;
    }

    private List<Long> middles() {
        long end = frames > 0 ? frames : 3L * every;
        List<Long> middles = new ArrayList<>();
        for (long block = start / every; block * every < start + end; block++) {
            long first = block * every + offset(block) - start;
            if (first >= 2 && first + 2 < end) {
                middles.add(first + 1);
            }
        }
        return List.copyOf(frames >= 5 && middles.isEmpty() ? List.of(frames / 2) : middles);
    }

    /** The frames taken, which the encode run writes; of a run with an end only. */
    public long taken() {
        ended();
        return everyFrame() ? frames : 2 + 3L * scoredFrames().size();
    }

    /** The frames libvmaf scores (its log's): frame 0, which {@link VmafLog#scored} leaves out, and the middles. */
    public long scored() {
        ended();
        return everyFrame() ? frames : 1 + scoredFrames().size();
    }

    private void ended() {
        if (frames == 0) {
            throw new IllegalStateException("a run to the end of its source has no count of frames");
        }
    }

    /**
     * The select filter's expression (commas escaped for a filter graph) taking these frames of the
     * run, numbered n from 0: d is how far frame n is past the first of its block's three.
     */
    public String select() {
        if (everyFrame()) {
            return "1";
        }
        if (frames > 0 && middles.size() == 1 && middles.get(0) == frames / 2) {
            return ("lt(n,2)+between(n," + (frames / 2 - 1) + "," + (frames / 2 + 1) + ")").replace(",", "\\,");
        }
        String m = "(n+" + start + ")";
        String block = "floor(" + m + "/" + every + ")";
        String golden = "(" + block + "+1)*" + GOLDEN;
        int stretch = stretch();
        String offset = "(" + stretch + "*floor(" + (every - 2) / stretch + "*(" + golden + "-floor(" + golden + ")))+mod("
                + (5 - every) + "*" + block + "," + stretch + "))";
        String d = "(" + m + "-" + every + "*" + block + "-" + offset + ")";
        String three = "between(" + d + ",0,2)*gte(n-" + d + ",2)" + (frames > 0 ? "*lt(n-" + d + "+2," + frames + ")" : "");
        return ("lt(n,2)+" + three).replace(",", "\\,");
    }
}
