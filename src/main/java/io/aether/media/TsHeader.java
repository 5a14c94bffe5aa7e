package io.aether.media;

/**
 * What a master playlist and the captions need from the start of an MPEG-TS segment ffmpeg wrote:
 * its video's first presentation timestamp and the RFC 6381 CODECS value of its H.264 stream, read
 * from the first bytes (the PAT, the PMT, the first video PES and its sequence parameter set). In
 * Java rather than an ffprobe per rung: on the way to a video's first playable chunk four ffprobe
 * starts cost 0.3-0.5 s. Pure: bytes in, values out.
 *
 * @param firstPts the first video PES's PTS (90 kHz), as ffprobe's {@code start_pts}
 * @param codecs e.g. {@code avc1.64001f}
 */
public record TsHeader(long firstPts, String codecs) {
    private static final int PACKET = 188;
    private static final int H264 = 0x1B;

    /** Reads the header from a segment's first bytes (a few kB are enough; the whole file also is). */
    public static TsHeader read(byte[] ts) {
        int pmt = -1;
        int video = -1;
        long pts = -1;
        java.io.ByteArrayOutputStream es = new java.io.ByteArrayOutputStream();
        for (int at = 0; at + PACKET <= ts.length; at += PACKET) {
            if ((ts[at] & 0xFF) != 0x47) {
                throw new IllegalArgumentException("not an MPEG-TS packet at byte " + at);
            }
            boolean start = (ts[at + 1] & 0x40) != 0;
            int pid = (ts[at + 1] & 0x1F) << 8 | ts[at + 2] & 0xFF;
            int control = (ts[at + 3] >> 4) & 0x3;
            if ((control & 1) == 0) {
                continue; // adaptation field only
            }
            int payload = at + 4 + ((control & 2) != 0 ? 1 + (ts[at + 4] & 0xFF) : 0);
            int end = at + PACKET;
            if (payload >= end) {
                continue;
            }
            if (pid == 0 && start && pmt < 0) {
                pmt = firstProgram(ts, payload + 1 + (ts[payload] & 0xFF), end);
            } else if (pid == pmt && start && video < 0) {
                video = videoStream(ts, payload + 1 + (ts[payload] & 0xFF), end);
            } else if (pid == video && video >= 0) {
                if (start) {
                    if (pts >= 0) {
                        break; // the next frame: the first frame's bytes are all read
                    }
                    pts = pts(ts, payload);
                    payload += 9 + (ts[payload + 8] & 0xFF);
                }
                if (pts >= 0 && payload < end) {
                    es.write(ts, payload, end - payload);
                    String codecs = codecs(es.toByteArray());
                    if (codecs != null) {
                        return new TsHeader(pts, codecs);
                    }
                }
            }
        }
        throw new IllegalArgumentException(pts < 0 ? "no H.264 video with a PTS in the segment's first "
                + ts.length + " bytes" : "no sequence parameter set in the first video frame");
    }

    /** The PAT's first program's PMT PID (program 0 is the network table). */
    private static int firstProgram(byte[] b, int table, int end) {
        int sectionEnd = Math.min(end, table + 3 + ((b[table + 1] & 0x0F) << 8 | b[table + 2] & 0xFF) - 4);
        for (int at = table + 8; at + 4 <= sectionEnd; at += 4) {
            int program = (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
            if (program != 0) {
                return (b[at + 2] & 0x1F) << 8 | b[at + 3] & 0xFF;
            }
        }
        throw new IllegalArgumentException("a PAT without a program");
    }

    /** The PMT's H.264 stream's PID. */
    private static int videoStream(byte[] b, int table, int end) {
        int sectionEnd = Math.min(end, table + 3 + ((b[table + 1] & 0x0F) << 8 | b[table + 2] & 0xFF) - 4);
        int at = table + 12 + ((b[table + 10] & 0x0F) << 8 | b[table + 11] & 0xFF);
        while (at + 5 <= sectionEnd) {
            int type = b[at] & 0xFF;
            int pid = (b[at + 1] & 0x1F) << 8 | b[at + 2] & 0xFF;
            if (type == H264) {
                return pid;
            }
            at += 5 + ((b[at + 3] & 0x0F) << 8 | b[at + 4] & 0xFF);
        }
        throw new IllegalArgumentException("no H.264 stream in the PMT");
    }

    /** A PES header's PTS, or an error where it has none. */
    private static long pts(byte[] b, int at) {
        if (b[at] != 0 || b[at + 1] != 0 || b[at + 2] != 1 || (b[at + 7] & 0x80) == 0) {
            throw new IllegalArgumentException("a video PES without a PTS");
        }
        return ((long) (b[at + 9] >> 1 & 0x07) << 30) | ((long) (b[at + 10] & 0xFF) << 22)
                | ((long) (b[at + 11] >> 1 & 0x7F) << 15) | ((long) (b[at + 12] & 0xFF) << 7) | (b[at + 13] >> 1 & 0x7F);
    }

    /** The CODECS value from the first sequence parameter set in an H.264 byte stream; null before one. */
    static String codecs(byte[] es) {
        for (int i = 0; i + 6 < es.length; i++) {
            if (es[i] == 0 && es[i + 1] == 0 && es[i + 2] == 1 && (es[i + 3] & 0x1F) == 7) {
                int profile = es[i + 4] & 0xFF;
                boolean constrained = (es[i + 5] & 0x40) != 0;
                String name = switch (profile) {
                    case 66 -> constrained ? "constrained baseline" : "baseline";
                    case 77 -> "main";
                    default -> "high";
                };
                return Playlists.avc1(name, es[i + 6] & 0xFF);
            }
        }
        return null;
    }
}
