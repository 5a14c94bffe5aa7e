package io.aether.it;

import static io.aether.tus.TusClient.tus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import io.aether.tus.TusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP edges: limits, method override, message framing, and closing after a refused body. */
class HttpEdgesTest {
    private static final int DB = 12;
    private static AppProcess api;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        Services.freshRedis(DB).close();
        api = AppProcess.start("api", DB, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void aLimitOfZeroReadsOneRecordNotAll() throws Exception {
        Api client = new Api(api.url());
        Path file = Files.write(dir.resolve("a.mp4"), new byte[] {1, 2, 3});
        for (int i = 0; i < 2; i++) {
            assertEquals(202, client.upload(file, "video", "video/mp4").status());
        }
        Api.Reply page = client.get("/api/v1/videos?limit=0");
        assertEquals(200, page.status(), page.text());
        assertTrue(page.json().path("total").asLong() >= 2, page.text());
        assertEquals(1, page.json().path("items").size(), page.text());
    }

    @Test
    void onlyAPostStandsInForAnotherMethod() throws Exception {
        TusClient client = new TusClient(api.url());
        String url = client.create(10, null);
        TusClient.Reply head = client.send("HEAD", url, tus("X-HTTP-Method-Override", "DELETE"), null);
        assertEquals(200, head.status(), head.toString());
        TusClient.Reply options = client.send("OPTIONS", url, tus("X-HTTP-Method-Override", "DELETE"), null);
        assertEquals(204, options.status(), options.toString());
        assertEquals(200, client.head(url).status(), "the upload is still there");
        assertEquals(0, client.head(url).offset());
    }

    @Test
    void aRefusedBodyClosesTheConnection() throws Exception {
        try (RawHttp connection = new RawHttp(api.url())) {
            connection.send("POST /api/v1/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000\r\n\r\n{\"not\": \"a form\"");
            assertTrue(connection.awaitClose(5000), "the server kept the connection: " + connection.text());
            assertEquals(415, connection.status(), connection.text());
            assertEquals("close", connection.header("Connection"), connection.text());
            assertTrue(connection.body().contains("\"status\":415"), connection.text());
        }
    }

    /** RFC 9112 6.3: the length of such a body is ambiguous (request smuggling); answer 400 and close. */
    @Test
    void transferEncodingWithContentLengthIsRefusedAndCloses() throws Exception {
        String[] heads = {
            "POST /api/v1/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n",
            "POST /api/v1/upload HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-length: 5\r\ntransfer-encoding: CHUNKED\r\n",
            "POST /api/v1/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: identity\r\nContent-Length: 5\r\n",
            "POST /api/v1/upload HTTP/1.0\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n",
        };
        for (String head : heads) {
            try (RawHttp connection = new RawHttp(api.url())) {
                // a smuggled second request rides in the body: it must never be answered
                connection.send(head + "Content-Type: multipart/form-data; boundary=x\r\n\r\n"
                        + "0\r\n\r\nGET /api/v1/videos HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                assertTrue(connection.awaitClose(5000), "the server kept the connection: " + connection.text());
                assertEquals(400, connection.status(), head + connection.text());
                assertEquals("close", connection.header("Connection"), connection.text());
                assertEquals("application/problem+json", connection.header("Content-Type"), connection.text());
                assertTrue(connection.body().contains("\"status\":400"), connection.text());
                assertTrue(connection.body().contains("Transfer-Encoding"), connection.text());
                int answers = connection.text().split("HTTP/1\\.", -1).length - 1;
                assertEquals(1, answers, "the smuggled request was answered: " + connection.text());
            }
        }
    }

    /** Well-framed requests pass, chunked ones included, and their connection stays open. */
    @Test
    void chunkedAndSizedRequestsStillPass() throws Exception {
        try (RawHttp connection = new RawHttp(api.url())) {
            String form = "--x\r\nContent-Disposition: form-data; name=\"video\"; filename=\"a.mp4\"\r\n"
                    + "Content-Type: video/mp4\r\n\r\nabc\r\n--x--\r\n";
            connection.send("POST /api/v1/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                    + "Content-Type: multipart/form-data; boundary=x\r\n\r\n"
                    + Integer.toHexString(form.length()) + "\r\n" + form + "\r\n0\r\n\r\n");
            connection.awaitHead(5000);
            assertEquals(202, connection.status(), connection.text());
        }
        try (RawHttp connection = new RawHttp(api.url())) {
            connection.send("GET /api/v1/videos?limit=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
            connection.awaitHead(5000);
            assertEquals(200, connection.status(), connection.text());
            assertTrue(connection.poll(300), "the server closed a well-framed connection");
        }
    }

    /** curl asks before sending a body over 1 MiB and, unanswered, waits a second before it sends. */
    @Test
    void aClientThatExpectsAnInterimAnswerGetsIt() throws Exception {
        try (RawHttp connection = new RawHttp(api.url())) {
            String form = "--x\r\nContent-Disposition: form-data; name=\"video\"; filename=\"a.mp4\"\r\n"
                    + "Content-Type: video/mp4\r\n\r\nabc\r\n--x--\r\n";
            connection.send("POST /api/v1/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\n"
                    + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: " + form.length() + "\r\n\r\n");
            connection.awaitHead(5000);
            assertTrue(connection.text().startsWith("HTTP/1.1 100 Continue\r\n\r\n"), connection.text());
            connection.send(form);
            long deadline = System.currentTimeMillis() + 10_000;
            while (!connection.text().contains("HTTP/1.1 202") && connection.poll(200)
                    && System.currentTimeMillis() < deadline) {
                // reading the final answer
            }
            assertTrue(connection.text().contains("HTTP/1.1 202"), connection.text());
        }
    }

    @Test
    void twoVideoPartsAreRefusedAndLeaveNothing() throws Exception {
        Api client = new Api(api.url());
        Set<String> objectsBefore = PipelineTest.objects("raw", "");
        Set<String> uploadsBefore = UploadLimitsTest.openUploads();
        long recordsBefore = client.get("/api/v1/videos").json().path("total").asLong();
        String boundary = "two-videos";
        String part = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"video\"; filename=\"%s\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n%s\r\n";
        String form = String.format(part, "one.mp4", "first") + String.format(part, "two.mp4", "second")
                + "--" + boundary + "--\r\n";
        Api.Reply reply = client.post("/api/v1/upload", "multipart/form-data; boundary=" + boundary,
                form.getBytes(StandardCharsets.US_ASCII));
        assertEquals(400, reply.status(), reply.text());
        assertTrue(reply.json().path("error").asText().contains("more than one"), reply.text());
        assertEquals(objectsBefore, PipelineTest.objects("raw", ""), "an object was left behind");
        Set<String> opened = new java.util.TreeSet<>(UploadLimitsTest.openUploads());
        opened.removeAll(uploadsBefore);
        assertEquals(Set.of(), opened, "a multipart upload was left open");
        assertEquals(recordsBefore, client.get("/api/v1/videos").json().path("total").asLong(), "a record was left");
    }
}
