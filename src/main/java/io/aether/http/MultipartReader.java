package io.aether.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.aether.errors.InvalidRequest;

/**
 * Streams a multipart body part by part through one fixed buffer. Bodies are handed out as they arrive,
 * never held whole; {@link Delimiter} finds where each ends.
 */
final class MultipartReader {
    static final int BUFFER_SIZE = 64 * 1024;
    static final int MAX_HEADER_BYTES = 16 * 1024;

    private final InputStream in;
    private final Delimiter delimiter;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private int head;
    private int tail;
    private boolean eof;
    /** Bytes of the current body in buf[head, bodyEnd) are known not to belong to a delimiter. */
    private int bodyEnd;
    /** bodyEnd is where a delimiter starts. */
    private boolean atDelimiter;
    private boolean bodyDone;
    private boolean closed;
    /** Counts parts so that the body stream of an earlier part reads as ended. */
    private int part;

    MultipartReader(InputStream in, byte[] boundary) {
        this.in = in;
        delimiter = new Delimiter(boundary);
        // the first delimiter may open the body without a CRLF before it; pretend there was one, so the
        // preamble is simply a body that is thrown away
        buf[0] = '\r';
        buf[1] = '\n';
        tail = 2;
        bodyEnd = head;
    }

    /**
     * Discards what is left of the current part (or the preamble) and reads the next part's headers,
     * names in lower case; null once the closing delimiter has been read.
     */
    Map<String, String> nextPart() throws IOException {
        if (closed) {
            return null;
        }
        byte[] scratch = new byte[8192];
        while (readBody(scratch, 0, scratch.length) >= 0) {
            // discarding
        }
        if (next() == '-') {
            if (next() != '-') {
                throw new MalformedMultipartException("unexpected characters after a boundary");
            }
            closed = true;
            return null;
        }
        head--;
        skipRestOfBoundaryLine();
        Map<String, String> headers = readHeaders();
        part++;
        bodyDone = false;
        bodyEnd = head;
        atDelimiter = false;
        return headers;
    }

    /** The body of the part whose headers {@link #nextPart()} returned last. */
    InputStream body() {
        int mine = part;
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n;
                do {
                    n = read(one, 0, 1);
                } while (n == 0);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (mine != part) {
                    return -1;
                }
                return readBody(b, off, len);
            }
        };
    }

    private int readBody(byte[] b, int off, int len) throws IOException {
        if (bodyDone) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        if (head >= bodyEnd) {
            if (atDelimiter) {
                head += delimiter.length();
                bodyDone = true;
                return -1;
            }
            scan();
            if (head == bodyEnd) {
                head += delimiter.length();
                bodyDone = true;
                return -1;
            }
        }
        int n = Math.min(len, bodyEnd - head);
        System.arraycopy(buf, head, b, off, n);
        head += n;
        return n;
    }

    /** Moves bodyEnd past the next run of body bytes, or onto the delimiter that ends the body. */
    private void scan() throws IOException {
        int m = delimiter.length();
        while (true) {
            if (tail - head < m && !eof) {
                fill();
                continue;
            }
            int at = delimiter.indexIn(buf, head, tail);
            if (at >= 0) {
                bodyEnd = at;
                atDelimiter = true;
                return;
            }
            int safe = delimiter.partialAt(buf, Math.max(head, tail - m + 1), tail);
            if (safe > head) {
                bodyEnd = safe;
                atDelimiter = false;
                return;
            }
            if (eof) {
                throw new MalformedMultipartException("the body ended before the closing boundary");
            }
            fill();
        }
    }

    /** Moves the unread bytes to the front and reads once more; a read may bring a single byte. */
    private void fill() throws IOException {
        if (head > 0) {
            int kept = tail - head;
            System.arraycopy(buf, head, buf, 0, kept);
            bodyEnd -= head;
            head = 0;
            tail = kept;
        }
        int n = in.read(buf, tail, buf.length - tail);
        if (n < 0) {
            eof = true;
        } else {
            tail += n;
        }
    }

    private int next() throws IOException {
        while (head == tail) {
            if (eof) {
                throw new MalformedMultipartException("the body ended before the closing boundary");
            }
            fill();
        }
        return buf[head++] & 0xff;
    }

    /** A boundary line may carry trailing whitespace (RFC 2046 transport padding) before its CRLF. */
    private void skipRestOfBoundaryLine() throws IOException {
        for (int count = 0; count < MAX_HEADER_BYTES; count++) {
            int c = next();
            if (c == '\r') {
                if (next() != '\n') {
                    break;
                }
                return;
            }
            if (c != ' ' && c != '\t') {
                break;
            }
        }
        throw new MalformedMultipartException("unexpected characters after a boundary");
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        String name = null;
        int total = 0;
        while (true) {
            line.reset();
            int previous = -1;
            while (true) {
                int c = next();
                if (++total > MAX_HEADER_BYTES) {
                    throw new InvalidRequest("the headers of a form part exceed " + MAX_HEADER_BYTES + " bytes");
                }
                if (c == '\n' && previous == '\r') {
                    break;
                }
                line.write(c);
                previous = c;
            }
            String text = new String(line.toByteArray(), 0, line.size() - 1, StandardCharsets.UTF_8);
            if (text.isEmpty()) {
                return headers;
            }
            if ((text.charAt(0) == ' ' || text.charAt(0) == '\t') && name != null) {
                // a folded header continues the previous one
                headers.merge(name, " " + text.trim(), String::concat);
                continue;
            }
            int colon = text.indexOf(':');
            if (colon > 0) {
                name = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                headers.put(name, text.substring(colon + 1).trim());
            }
        }
    }
}
