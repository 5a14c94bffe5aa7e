package io.aether.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One range of a {@code Range: bytes=...} request header (RFC 9110 14.1.2): {@code a-b}, {@code a-}
 * or the suffix {@code -n}. Several ranges at once are not supported: they are answered whole (200),
 * which the RFC allows.
 */
public record ByteRange(long first, long last) {
    private static final Pattern ONE = Pattern.compile("bytes=\\s*([0-9]{0,18})-([0-9]{0,18})\\s*");

    public long length() {
        return last - first + 1;
    }

    /** The Content-Range value of this range of an object of {@code size} bytes. */
    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /**
     * The range a header asks for in an object of {@code size} bytes; empty for no header or one not
     * understood (the whole object is served).
     *
     * @throws Unsatisfiable when the range lies past the end (416)
     */
    public static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = ONE.matcher(header);
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            if (suffix == 0 || size == 0) {
                throw new Unsatisfiable(size);
            }
            return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
        }
        long first = Long.parseLong(m.group(1));
        long last = m.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(m.group(2));
        if (last < first) {
            return Optional.empty(); // not a valid range: the header is ignored
        }
        if (first >= size) {
            throw new Unsatisfiable(size);
        }
        return Optional.of(new ByteRange(first, Math.min(last, size - 1)));
    }

    /** No byte of the object is in the range asked for. */
    public static final class Unsatisfiable extends RuntimeException {
        private final long size;

        public Unsatisfiable(long size) {
            super("the range asked for is not within the " + size + " bytes of the object");
            this.size = size;
        }

        public long size() {
            return size;
        }
    }
}
