package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refused and broken uploads leave nothing behind: no object, no open multipart upload, no record. */
class UploadLimitsTest {
    private static final int DB = 2;
    private static final long MAX = 20L * 1024 * 1024;
    private static AppProcess api;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        Services.freshRedis(DB).close();
        api = AppProcess.start("api", DB, Map.of("AETHER_MAX_UPLOAD_BYTES", Long.toString(MAX)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedAtOnce() throws Exception {
        Set<String> before = PipelineTest.objects("raw", "");
        Set<String> uploadsBefore = openUploads();
        Path big = java.nio.file.Files.write(dir.resolve("big.bin"), new byte[(int) MAX + 1024 * 1024]);
        Api.Reply reply = new Api(api.url()).upload(big, "video", "video/mp4");
        assertEquals(413, reply.status(), reply.text());
        assertTrue(reply.json().path("error").asText().contains("maximum size"), reply.text());
        assertNothingLeft(before, uploadsBefore);
    }

    @Test
    void aClientThatSendsOnAfterTheRefusalStillReadsIt() throws Exception {
        // a client that writes its body before it reads (as Java's HttpClient does): closed at once, the
        // connection was reset under the bytes still coming, and the client saw a broken pipe, not the 413
        try (RawHttp raw = new RawHttp(api.url())) {
            raw.send("POST /api/v1/upload HTTP/1.1\r\nHost: aether\r\n"
                    + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: " + (MAX + 64L * 1024 * 1024)
                    + "\r\n\r\n");
            byte[] slice = new byte[256 * 1024];
            for (int i = 0; i < 32; i++) {
                raw.send(slice);
            }
            raw.awaitHead(5000);
            assertTrue(raw.text().startsWith("HTTP/1.1 413"), raw.text());
            assertTrue(raw.text().contains("maximum size"), raw.text());
            assertTrue(raw.awaitClose(5000), "the connection is closed once the client has had its answer");
        }
    }

    @Test
    void aStreamThatOutgrowsTheLimitIsAbortedMidUpload() throws Exception {
        Set<String> before = PipelineTest.objects("raw", "");
        Set<String> uploadsBefore = openUploads();
        // chunked, so the size is only found out while the bytes already go to MinIO in parts
        String boundary = "limit-test";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"video\"; filename=\"x.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        long total = MAX + 8L * 1024 * 1024;
        InputStream body = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(head),
                new ZeroStream(total));
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/upload")).timeout(Api.REQUEST_TIMEOUT)
                .header("Authorization", Credentials.bearer(api.url()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build();
        int status;
        String text;
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            text = response.body();
        } catch (java.io.IOException closedWhileSending) {
            // the server may close the connection before the client has sent everything
            status = 413;
            text = "";
        }
        assertEquals(413, status, text);
        assertNothingLeft(before, uploadsBefore);
    }

    @Test
    void aClientThatDisconnectsMidUploadLeavesNothing() throws Exception {
        Set<String> before = PipelineTest.objects("raw", "");
        Set<String> uploadsBefore = openUploads();
        URI uri = URI.create(api.url());
        String boundary = "cut";
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"video\"; filename=\"cut.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n";
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/upload HTTP/1.1\r\nHost: " + uri.getAuthority() + "\r\n"
                    + "Authorization: " + Credentials.bearer(api.url()) + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                    + "Content-Length: 19000000\r\n\r\n" + head).getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1024 * 1024];
            for (int i = 0; i < 17; i++) {
                out.write(chunk);
            }
            out.flush();
        }
        Thread.sleep(2000);
        assertNothingLeft(before, uploadsBefore);
        assertEquals(0, new Api(api.url()).get("/api/v1/videos").json().path("total").asLong(), "no record");
    }

    @Test
    void requestsThatAreNotAnUploadGetAReason() throws Exception {
        Api client = new Api(api.url());
        Api.Reply json = client.post("/api/v1/upload", "application/json", "{}".getBytes());
        assertEquals(415, json.status());
        assertTrue(json.json().path("error").asText().contains("multipart/form-data"));
        Path file = java.nio.file.Files.writeString(dir.resolve("a.mp4"), "x");
        Api.Reply wrongField = client.upload(file, "file", "video/mp4");
        assertEquals(400, wrongField.status());
        assertTrue(wrongField.json().path("error").asText().contains("'video'"));
        Api.Reply noBoundary = client.post("/api/v1/upload", "multipart/form-data", new byte[0]);
        assertEquals(400, noBoundary.status(), noBoundary.text());
        Path empty = java.nio.file.Files.write(dir.resolve("empty.mp4"), new byte[0]);
        Set<String> before = PipelineTest.objects("raw", "");
        Set<String> uploadsBefore = openUploads();
        Api.Reply emptyFile = client.upload(empty, "video", "video/mp4");
        assertEquals(400, emptyFile.status(), emptyFile.text());
        assertNothingLeft(before, uploadsBefore);
    }

    private static void assertNothingLeft(Set<String> before, Set<String> uploadsBefore) throws Exception {
        assertEquals(before, PipelineTest.objects("raw", ""), "a refused upload left an object behind");
        Set<String> opened = new java.util.TreeSet<>(openUploads());
        opened.removeAll(uploadsBefore);
        assertEquals(Set.of(), opened, "a refused upload left a multipart upload open");
    }

    /**
     * Ids of the multipart uploads open in raw. minio-java 8.6 cannot parse MinIO's answer to this
     * listing, so it is asked with curl's own request signing.
     */
    static Set<String> openUploads() throws Exception {
        String xml = Tools.run(List.of("curl", "-fsS", "--aws-sigv4", "aws:amz:us-east-1:s3",
                "--user", Services.env("AETHER_MINIO_ACCESS_KEY") + ":" + Services.env("AETHER_MINIO_SECRET_KEY"),
                Services.env("AETHER_MINIO_URL") + "/raw?uploads="));
        Set<String> ids = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<UploadId>([^<]+)</UploadId>").matcher(xml);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** Zero bytes of a given length, without holding them in memory. */
    static final class ZeroStream extends InputStream {
        private long left;

        ZeroStream(long length) {
            this.left = length;
        }

        @Override
        public int read() {
            return left-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
