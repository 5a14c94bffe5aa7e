package io.aether.tus;

import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

/** Delivers the bytes in small uneven reads, like a network, and can break after a number of bytes. */
final class UnevenReads {
    private UnevenReads() {
    }

    static InputStream network(byte[] data, int breakAfter) {
        Random random = new Random(7);
        return new InputStream() {
            int position;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position == breakAfter) {
                    throw new IOException("connection reset");
                }
                if (position == data.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, 1 + random.nextInt(5)), data.length - position);
                n = Math.min(n, breakAfter - position);
                System.arraycopy(data, position, b, off, n);
                position += n;
                return n;
            }
        };
    }
}
