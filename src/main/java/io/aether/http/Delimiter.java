package io.aether.http;

import java.util.Arrays;

/**
 * The line that separates multipart parts, {@code CRLF--boundary}, found with a Boyer-Moore-Horspool
 * skip: a long boundary lets the scan jump over most body bytes instead of testing each one.
 */
final class Delimiter {
    private final byte[] bytes;
    private final int[] skip = new int[256];

    Delimiter(byte[] boundary) {
        bytes = new byte[boundary.length + 4];
        bytes[0] = '\r';
        bytes[1] = '\n';
        bytes[2] = '-';
        bytes[3] = '-';
        System.arraycopy(boundary, 0, bytes, 4, boundary.length);
        int m = bytes.length;
        Arrays.fill(skip, m);
        for (int i = 0; i < m - 1; i++) {
            skip[bytes[i] & 0xff] = m - 1 - i;
        }
    }

    int length() {
        return bytes.length;
    }

    /** Where the whole delimiter starts in buf[from, to), or -1. */
    int indexIn(byte[] buf, int from, int to) {
        int m = bytes.length;
        int last = m - 1;
        int i = from;
        while (i <= to - m) {
            int j = last;
            while (buf[i + j] == bytes[j]) {
                if (j == 0) {
                    return i;
                }
                j--;
            }
            i += skip[buf[i + last] & 0xff];
        }
        return -1;
    }

    /** First index at or after from whose bytes up to {@code to} start a delimiter; {@code to} when none does. */
    int partialAt(byte[] buf, int from, int to) {
        for (int p = from; p < to; p++) {
            if (buf[p] != '\r') {
                continue;
            }
            int k = 0;
            while (p + k < to && buf[p + k] == bytes[k]) {
                k++;
            }
            if (p + k == to) {
                return p;
            }
        }
        return to;
    }
}
