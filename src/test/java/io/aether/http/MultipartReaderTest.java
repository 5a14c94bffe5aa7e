package io.aether.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;

import io.aether.errors.InvalidRequest;
import io.aether.errors.UnsupportedMediaType;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {
    private static final String B = "----aether7MA4YWxkTrZu0gW";
    private static final byte[] BOUNDARY = B.getBytes(StandardCharsets.ISO_8859_1);

    /** Hands out 1..7 bytes per read, so delimiters and headers fall across reads. */
    private static InputStream trickle(byte[] data, long seed) {
        Random random = new Random(seed);
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(7)));
            }
        };
    }

    private static byte[] form(Object... nameFilenameBody) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "preamble text\r\n");
        for (int i = 0; i < nameFilenameBody.length; i += 3) {
            write(out, "--" + B + "\r\nContent-Disposition: form-data; name=\"" + nameFilenameBody[i] + "\"");
            if (nameFilenameBody[i + 1] != null) {
                write(out, "; filename=\"" + nameFilenameBody[i + 1] + "\"\r\nContent-Type: video/mp4");
            }
            write(out, "\r\n\r\n");
            out.writeBytes((byte[]) nameFilenameBody[i + 2]);
            write(out, "\r\n");
        }
        write(out, "--" + B + "--\r\nepilogue");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static MultipartForm formOf(InputStream in) throws IOException {
        return new MultipartForm(in, "multipart/form-data; boundary=\"" + B + "\"");
    }

    @Test
    void readsEveryPartWithHeaders() throws IOException {
        byte[] body = form("title", null, bytes("My clip"), "video", "a \u00e9.mp4", bytes("VIDEO"), "note", null,
                bytes("x"));
        for (long seed = 0; seed < 20; seed++) {
            MultipartReader reader = new MultipartReader(seed == 0 ? new ByteArrayInputStream(body)
                    : trickle(body, seed), BOUNDARY);
            Map<String, String> first = reader.nextPart();
            assertEquals("form-data; name=\"title\"", first.get("content-disposition"));
            assertArrayEquals(bytes("My clip"), reader.body().readAllBytes());
            Map<String, String> second = reader.nextPart();
            assertEquals("video/mp4", second.get("content-type"));
            assertEquals("form-data; name=\"video\"; filename=\"a \u00e9.mp4\"", second.get("content-disposition"));
            assertArrayEquals(bytes("VIDEO"), reader.body().readAllBytes());
            // the third part is skipped unread
            reader.nextPart();
            assertNull(reader.nextPart());
            assertNull(reader.nextPart());
        }
    }

    @Test
    void theFormFindsTheWantedPartWhenItIsNotFirst() throws IOException {
        byte[] body = form("title", null, bytes("t"), "other", "o.bin", new byte[100_000], "video", "v.mp4",
                bytes("the video"), "after", null, bytes("a"));
        MultipartForm form = formOf(trickle(body, 3));
        MultipartForm.Part part = form.next("video").orElseThrow();
        assertEquals("v.mp4", part.filename());
        assertEquals("video/mp4", part.contentType());
        assertArrayEquals(bytes("the video"), part.body().readAllBytes());
        form.finish();
        assertEquals(false, formOf(new ByteArrayInputStream(body)).next("missing").isPresent());
    }

    @Test
    void bodiesThatLookLikeTheDelimiterSurvive() throws IOException {
        String[] tricky = {"\r", "\r\n", "\r\n-", "\r\n--", "\r\n--" + B.substring(0, 10), "\r\n--" + B.substring(1),
            "\r\r\n\r\n--\r\n--" + B.substring(0, B.length() - 1) + "x", "--" + B, "tail\r\n--" + B.substring(0, 5)};
        for (String s : tricky) {
            byte[] content = bytes(s);
            for (long seed = 0; seed < 10; seed++) {
                MultipartForm form = formOf(trickle(form("video", "v.mp4", content, "z", null, bytes("z")), seed));
                assertArrayEquals(content, form.next("video").orElseThrow().body().readAllBytes(), s);
                form.finish();
            }
        }
    }

    @Test
    void anEmptyPartHasAnEmptyBody() throws IOException {
        byte[] body = form("video", "v.mp4", new byte[0], "next", null, bytes("n"));
        MultipartReader reader = new MultipartReader(trickle(body, 1), BOUNDARY);
        reader.nextPart();
        assertEquals(-1, reader.body().read());
        reader.nextPart();
        assertArrayEquals(bytes("n"), reader.body().readAllBytes());
        assertNull(reader.nextPart());
    }

    @Test
    void aPartWithoutHeadersAndABodyWithoutPreamble() throws IOException {
        byte[] body = bytes("--" + B + "\r\n\r\nplain\r\n--" + B + "  \t\r\n\r\nmore\r\n--" + B + "--");
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), BOUNDARY);
        assertEquals(Map.of(), reader.nextPart());
        assertArrayEquals(bytes("plain"), reader.body().readAllBytes());
        reader.nextPart();
        assertArrayEquals(bytes("more"), reader.body().readAllBytes());
        assertNull(reader.nextPart());
    }

    @Test
    void aBodyThatBreaksOffIsMalformed() throws IOException {
        byte[] whole = form("video", "v.mp4", new byte[5000], "z", null, bytes("z"));
        for (int cut : new int[] {0, 10, 200, 3000, whole.length - 20, whole.length - "--epilogue".length() - 3}) {
            byte[] partial = java.util.Arrays.copyOf(whole, cut);
            assertThrows(MalformedMultipartException.class, () -> {
                MultipartForm form = formOf(trickle(partial, cut));
                form.next("video").orElseThrow().body().readAllBytes();
                form.finish();
            }, "cut at " + cut);
        }
    }

    @Test
    void garbageAfterABoundaryIsMalformed() {
        byte[] body = bytes("--" + B + "x\r\n\r\nbody\r\n--" + B + "--");
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), BOUNDARY);
        assertThrows(MalformedMultipartException.class, reader::nextPart);
    }

    @Test
    void oversizedHeadersAre400() {
        String huge = "X-Pad: " + "a".repeat(MultipartReader.MAX_HEADER_BYTES) + "\r\n";
        byte[] body = bytes("--" + B + "\r\n" + huge + "\r\nbody\r\n--" + B + "--");
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), BOUNDARY);
        assertThrows(InvalidRequest.class, reader::nextPart);
    }

    @Test
    void randomBinaryContentRoundTrips() throws IOException {
        Random random = new Random(42);
        for (int round = 0; round < 30; round++) {
            // a small alphabet full of CR, LF and '-' makes near-delimiters common
            byte[] content = new byte[random.nextInt(300_000)];
            byte[] alphabet = {'\r', '\n', '-', '-', B.getBytes(StandardCharsets.ISO_8859_1)[4], 0, (byte) 0xff};
            for (int i = 0; i < content.length; i++) {
                content[i] = round % 2 == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            byte[] body = form("a", null, bytes("1"), "video", "v.bin", content, "b", null, bytes("2"));
            InputStream in = round % 3 == 0 ? trickle(body, round) : new ByteArrayInputStream(body);
            MultipartForm form = formOf(in);
            InputStream part = form.next("video").orElseThrow().body();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] chunk = new byte[1 + random.nextInt(100_000)];
            for (int n; (n = part.read(chunk)) >= 0; ) {
                got.write(chunk, 0, n);
            }
            assertArrayEquals(content, got.toByteArray(), "round " + round);
            form.finish();
        }
    }

    @Test
    void theContentTypeMustBeMultipartWithABoundary() {
        assertThrows(UnsupportedMediaType.class, () -> MultipartForm.boundary("application/json"));
        assertThrows(InvalidRequest.class, () -> MultipartForm.boundary("multipart/form-data"));
    }
}
