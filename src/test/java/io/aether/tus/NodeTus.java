package io.aether.tus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.Json;
import io.aether.it.Credentials;

/**
 * The real tus-js-client from npm, run by node on src/test/node/upload.js. Installs the pinned
 * package itself (npm ci) when node_modules is missing, so a fresh clone needs nothing else.
 */
public final class NodeTus implements AutoCloseable {
    public static final Path DIR = Path.of("src", "test", "node");
    private static final Object INSTALL = new Object();

    private final Process process;
    private final LinkedBlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private NodeTus(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    synchronized (seen) {
                        seen.add(line);
                    }
                    if (line.startsWith("{")) {
                        events.add(Json.MAPPER.readTree(line));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "node-tus-output");
        reader.setDaemon(true);
        reader.start();
    }

    public static void ensureInstalled() throws Exception {
        synchronized (INSTALL) {
            if (Files.isDirectory(DIR.resolve("node_modules").resolve("tus-js-client"))) {
                return;
            }
            Process npm = new ProcessBuilder(List.of("npm", "ci", "--prefix", DIR.toString(), "--no-audit", "--no-fund"))
                    .redirectErrorStream(true).start();
            String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IllegalStateException("npm ci failed:\n" + output);
            }
        }
    }

    /**
     * Starts an upload of the file; chunkSize 0 sends it in one PATCH. It sends the tests owner's key
     * at the endpoint (Credentials) unless {@code env} names another in AETHER_KEY.
     */
    public static NodeTus upload(String endpoint, Path file, long chunkSize, Map<String, String> env) throws Exception {
        ensureInstalled();
        List<String> command = new ArrayList<>(List.of("node", DIR.resolve("upload.js").toString(), endpoint,
                file.toString()));
        if (chunkSize > 0) {
            command.add(Long.toString(chunkSize));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // in the environment rather than the arguments, which any process on the host can read
        builder.environment().put("AETHER_KEY", Credentials.key(endpoint));
        builder.environment().putAll(env);
        return new NodeTus(builder.start());
    }

    /** The next event of the given type, skipping others. */
    public JsonNode await(String type, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (event == null) {
                throw new AssertionError("tus-js-client sent no '" + type + "' within " + timeout + ":\n" + output());
            }
            if (event.path("event").asText().equals("error")) {
                throw new AssertionError("tus-js-client failed: " + event + "\n" + output());
            }
            if (event.path("event").asText().equals(type)) {
                return event;
            }
        }
    }

    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("node did not exit within " + timeout);
        }
        return process.exitValue();
    }

    public String output() {
        synchronized (seen) {
            return String.join("\n", seen);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
