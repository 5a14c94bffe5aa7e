package io.aether.it;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.minio.MakeBucketArgs;
import io.minio.MinioClient;

/**
 * A versitygw of one test's own whose disk is a tmpfs of a few MiB, so the test can fill it for real.
 * The tmpfs is mounted in a mount namespace of versitygw's own (unshare, as an unprivileged user
 * too), so nothing is mounted on the machine and it goes away with the process.
 */
final class SmallVersitygw implements AutoCloseable {
    private static final String KEY = "small-vgw";
    private static final String SECRET = "small-vgw-secret-key";
    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final Path data;
    private final Path log;

    private SmallVersitygw(Process process, int port, Path data, Path log) {
        this.process = process;
        this.port = port;
        this.data = data;
        this.log = log;
    }

    /** Starts one on a disk of {@code mib} MiB with the buckets raw and processed. */
    static SmallVersitygw start(int mib) throws Exception {
        int port = Ports.free();
        Path data = Files.createTempDirectory("small-vgw-");
        Path log = Files.createTempFile("small-vgw-", ".log");
        // the arguments reach the inner shell as $1..., never as part of its script
        ProcessBuilder builder = new ProcessBuilder("unshare", "--map-root-user", "--mount", "--propagation", "private",
                "sh", "-c", "mount -t tmpfs -o size=\"$1\" tmpfs \"$2\" && exec \"$3\" --port \"$4\" --keep-alive --quiet"
                        + " posix \"$2\"", "sh", mib + "m", data.toString(), binary(), "127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("ROOT_ACCESS_KEY_ID", KEY, "ROOT_SECRET_ACCESS_KEY", SECRET));
        SmallVersitygw vgw = new SmallVersitygw(builder.start(), port, data, log);
        vgw.awaitServing();
        for (String bucket : List.of("raw", "processed")) {
            vgw.client().makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
        return vgw;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** What an Aether process needs to use this store. */
    Map<String, String> appEnv() {
        return Map.of("AETHER_MINIO_URL", url(), "AETHER_MINIO_ACCESS_KEY", KEY, "AETHER_MINIO_SECRET_KEY", SECRET);
    }

    MinioClient client() {
        return MinioClient.builder().endpoint(url()).credentials(KEY, SECRET).build();
    }

    Set<String> openUploads(String bucket) throws Exception {
        return TestStores.openUploads(url(), KEY, SECRET, bucket);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        // the tmpfs went with the process; the directory it covered is empty
        Files.deleteIfExists(data);
    }

    private void awaitServing() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                // any answer (403 without a signature) means it serves
                http.send(HttpRequest.newBuilder(URI.create(url() + "/")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IllegalStateException("versitygw on a tmpfs did not start:\n" + Files.readString(log));
    }

    /** versitygw on the PATH, else where scripts/services' `go install` put it. */
    private static String binary() {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            candidates.add(Path.of(dir, "versitygw"));
        }
        String gopath = System.getenv("GOPATH");
        if (gopath != null && !gopath.isBlank()) {
            candidates.add(Path.of(gopath, "bin", "versitygw"));
        }
        candidates.add(Path.of(System.getProperty("user.home"), "go", "bin", "versitygw"));
        return candidates.stream().filter(Files::isExecutable).findFirst().map(Path::toString)
                .orElseThrow(() -> new IllegalStateException("no versitygw binary: run scripts/services up first"));
    }
}
