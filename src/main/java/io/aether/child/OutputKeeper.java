package io.aether.child;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Drains a child's output on its own thread, so the child never blocks on a full pipe, and
 * keeps a bounded part of it: the head (ffprobe's answer) or the tail (ffmpeg's last error).
 */
final class OutputKeeper {
    private static final long JOIN_MS = 5000;

    private final byte[] kept;
    private final boolean keepTail;
    private final Thread thread;
    private long total;

    private OutputKeeper(InputStream in, int limit, boolean keepTail, String name) {
        this.kept = new byte[limit];
        this.keepTail = keepTail;
        this.thread = new Thread(() -> drain(in), "child-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    static OutputKeeper head(InputStream in, int limit, String name) {
        return new OutputKeeper(in, limit, false, name);
    }

    static OutputKeeper tail(InputStream in, int limit, String name) {
        return new OutputKeeper(in, limit, true, name);
    }

    private void drain(InputStream in) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (this) {
                    keep(buffer, n);
                }
            }
        } catch (IOException e) {
            // the child is gone; what was read is all there is
        }
    }

    private void keep(byte[] buffer, int n) {
        int limit = kept.length;
        if (!keepTail) {
            if (total < limit) {
                System.arraycopy(buffer, 0, kept, (int) total, (int) Math.min(n, limit - total));
            }
        } else {
            // a ring: byte i of the output lives at i % limit
            for (int i = 0; i < n; i++) {
                kept[(int) ((total + i) % limit)] = buffer[i];
            }
        }
        total += n;
    }

    /** What was kept, once the child has closed the stream (or a few seconds after it exited). */
    byte[] bytes() throws InterruptedException {
        waitForEnd();
        synchronized (this) {
            return copy();
        }
    }

    private byte[] copy() {
        int limit = kept.length;
        if (total <= limit) {
            return Arrays.copyOf(kept, (int) total);
        }
        if (!keepTail) {
            return kept.clone();
        }
        byte[] out = new byte[limit];
        int start = (int) (total % limit);
        System.arraycopy(kept, start, out, 0, limit - start);
        System.arraycopy(kept, 0, out, limit - start, start);
        return out;
    }

    boolean overflowed() throws InterruptedException {
        waitForEnd();
        synchronized (this) {
            return total > kept.length;
        }
    }

    private void waitForEnd() throws InterruptedException {
        // a grandchild that inherited the pipe could hold it open; the child's own output is in by now
        thread.join(JOIN_MS);
    }
}
