package io.aether.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An API killed during POST /api/v1/upload leaves its multipart upload open in raw; the sweep of
 * a later API aborts it, and leaves alone the multipart upload of a tus upload still in progress.
 * MinIO is the test's own: a sweep with a short age would abort other tests' uploads.
 */
class MultipartSweepTest {
    private static final int DB = 14;
    private static final int MIB = 1024 * 1024;
    private static OwnService minio;

    @BeforeAll
    static void start() throws Exception {
        Services.freshRedis(DB).close();
        minio = OwnService.minio();
    }

    @AfterAll
    static void stop() throws Exception {
        if (minio != null) {
            minio.close();
        }
    }

    @Test
    void anUploadOfAKilledApiIsAbortedAndATusUploadIsKept() throws Exception {
        String tusUpload;
        String killedUpload;
        try (AppProcess first = AppProcess.start("api", DB, minio.minioEnv());
                Socket client = new Socket("127.0.0.1", URI.create(first.url()).getPort())) {
            tusUpload = newUpload(() -> createTusUpload(first));
            killedUpload = newUpload(() -> startUpload(first, client));
            first.kill();
        }
        Map<String, String> sweeping = new HashMap<>(minio.minioEnv());
        sweeping.put("AETHER_MULTIPART_SWEEP_MS", "500");
        sweeping.put("AETHER_MULTIPART_MAX_AGE_MS", "1000");
        try (AppProcess second = AppProcess.start("api", DB, sweeping)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (minio.openUploads("raw").contains(killedUpload) && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            assertTrue(!minio.openUploads("raw").contains(killedUpload), "the killed API's upload is still open");
            Thread.sleep(1500); // a few more sweeps
            assertEquals(Set.of(tusUpload), minio.openUploads("raw"), "the tus upload in progress was aborted");
        }
    }

    /** Runs the step and returns the id of the multipart upload it opened in raw. */
    private static String newUpload(Step step) throws Exception {
        Set<String> before = minio.openUploads("raw");
        step.run();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Set<String> opened = new TreeSet<>(minio.openUploads("raw"));
            opened.removeAll(before);
            if (opened.size() == 1) {
                return opened.iterator().next();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no multipart upload was opened");
    }

    private static void createTusUpload(AppProcess api) throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(api.url() + "/files/")).timeout(Api.REQUEST_TIMEOUT).header("Tus-Resumable", "1.0.0")
                .header("Authorization", Credentials.bearer(api.url()))
                .header("Upload-Length", Integer.toString(64 * MIB))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
    }

    /** Sends more than two 16 MiB parts' worth of a larger upload, and keeps the connection open. */
    private static void startUpload(AppProcess api, Socket client) throws Exception {
        String boundary = "killed";
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"video\"; filename=\"k.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n";
        OutputStream out = client.getOutputStream();
        out.write(("POST /api/v1/upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: " + Credentials.bearer(api.url()) + "\r\n"
                + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                + "Content-Length: " + (100 * MIB) + "\r\n\r\n" + head).getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[MIB];
        for (int i = 0; i < 40; i++) {
            out.write(chunk);
        }
        out.flush();
    }

    private interface Step {
        void run() throws Exception;
    }
}
