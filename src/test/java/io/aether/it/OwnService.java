package io.aether.it;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.minio.MakeBucketArgs;
import io.minio.MinioClient;

/**
 * A Redis or MinIO of one test's own, on a free loopback port, so the test can stop or freeze it
 * (SIGSTOP, as a stalled host would) without touching the services other tests share.
 */
final class OwnService implements AutoCloseable {
    static final String MINIO_USER = "own-minio";
    static final String MINIO_PASSWORD = "own-minio-password";
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final List<String> command;
    private final Map<String, String> env;
    private final int port;
    private final Path log;
    private final boolean minio;
    private Path data;
    private Process process;

    private OwnService(List<String> command, Map<String, String> env, int port, boolean minio) throws IOException {
        this.command = command;
        this.env = env;
        this.port = port;
        this.minio = minio;
        this.log = Files.createTempFile(minio ? "own-minio-" : "own-redis-", ".log");
    }

    static OwnService redis() throws Exception {
        int port = Ports.free();
        OwnService redis = new OwnService(List.of("redis-server", "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no"), Map.of(), port, false);
        redis.start();
        return redis;
    }

    /** A MinIO with the buckets raw and processed. */
    static OwnService minio() throws Exception {
        int port = Ports.free();
        Path data = Files.createTempDirectory("own-minio-data-");
        OwnService minio = new OwnService(List.of(minioBinary(), "server", data.toString(), "--address",
                "127.0.0.1:" + port, "--console-address", "127.0.0.1:" + Ports.free()),
                Map.of("MINIO_ROOT_USER", MINIO_USER, "MINIO_ROOT_PASSWORD", MINIO_PASSWORD), port, true);
        minio.data = data;
        minio.start();
        MinioClient client = minio.client();
        for (String bucket : List.of("raw", "processed")) {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
        return minio;
    }

    String url() {
        return (minio ? "http" : "redis") + "://127.0.0.1:" + port;
    }

    /** What an Aether process needs to use this MinIO instead of the shared one. */
    Map<String, String> minioEnv() {
        return Map.of("AETHER_MINIO_URL", url(), "AETHER_MINIO_ACCESS_KEY", MINIO_USER,
                "AETHER_MINIO_SECRET_KEY", MINIO_PASSWORD);
    }

    MinioClient client() {
        return MinioClient.builder().endpoint(url()).credentials(MINIO_USER, MINIO_PASSWORD).build();
    }

    /** Upload ids of the multipart uploads open in a bucket, asked with curl's own signing. */
    Set<String> openUploads(String bucket) throws Exception {
        String xml = Tools.run(List.of("curl", "-fsS", "--max-time", "10", "--aws-sigv4", "aws:amz:us-east-1:s3",
                "--user", MINIO_USER + ":" + MINIO_PASSWORD, url() + "/" + bucket + "?uploads="));
        Set<String> ids = new TreeSet<>();
        Matcher m = Pattern.compile("<UploadId>([^<]+)</UploadId>").matcher(xml);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** Freezes the process: its port still accepts connections, nothing answers. */
    void pause() throws Exception {
        signal("-STOP");
    }

    void resume() throws Exception {
        signal("-CONT");
    }

    void stop() throws Exception {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** Starts again on the same port (and, for MinIO, the same data). */
    void start() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        process = builder.start();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!ready()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not start:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            resume();
            stop();
        }
        if (data != null) {
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private boolean ready() {
        if (minio) {
            try {
                HttpResponse<Void> live = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(url() + "/minio/health/live")).timeout(Duration.ofSeconds(2)).timeout(Api.REQUEST_TIMEOUT).build(),
                        HttpResponse.BodyHandlers.discarding());
                return live.statusCode() == 200;
            } catch (Exception notYet) {
                return false;
            }
        }
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[5];
            return in.readNBytes(reply, 0, 5) == 5 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG");
        } catch (IOException notYet) {
            return false;
        }
    }

    private void signal(String signal) throws Exception {
        Tools.run(List.of("kill", signal, Long.toString(process.pid())));
    }

    /** minio on the PATH, else where scripts/services' `go install` put it. */
    private static String minioBinary() {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            candidates.add(Path.of(dir, "minio"));
        }
        String gopath = System.getenv("GOPATH");
        if (gopath != null && !gopath.isBlank()) {
            candidates.add(Path.of(gopath, "bin", "minio"));
        }
        candidates.add(Path.of(System.getProperty("user.home"), "go", "bin", "minio"));
        return candidates.stream().filter(Files::isExecutable).findFirst().map(Path::toString)
                .orElseThrow(() -> new IllegalStateException("no minio binary: run scripts/services up first"));
    }
}
