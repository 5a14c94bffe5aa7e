package io.aether.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Aether replica as its own JVM, started from the build output, so tests can run
 * API and workers separately and kill them for real.
 */
public final class AppProcess implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(120);
    /**
     * The production defaults that every replica here turns off: the per-title trial encodes before the plan and
     * a VMAF run after each job cost as much as the test clips' own encodes, and most tests are not about them.
     * Tests that are (quality, ladder, one end-to-end pipeline) start with {@link #AS_DEPLOYED}; docs/testing.md.
     */
    static final Map<String, String> UNMEASURED = Map.of("AETHER_LADDER", "fixed",
            "AETHER_QUALITY_MEASURE", "false");
    /** The ladder and the measurement as a deployment runs them. */
    public static final Map<String, String> AS_DEPLOYED = Map.of("AETHER_LADDER", "per-title",
            "AETHER_QUALITY_MEASURE", "true");

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;
    private final Path workDir;

    private AppProcess(Process process, int port, int managementPort, Path log, Path workDir) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.workDir = workDir;
    }

    /** Starts a replica with the given role and extra environment, and waits until it is healthy. */
    public static AppProcess start(String role, int database, Map<String, String> extraEnv) throws Exception {
        return start(role, database, extraEnv, List.of());
    }

    /** Starts a replica behind a launcher such as {@code taskset -c 0}, which its children inherit. */
    public static AppProcess start(String role, int database, Map<String, String> extraEnv, List<String> launcher)
            throws Exception {
        return ready(role, launch(role, database, extraEnv, launcher));
    }

    /**
     * Starts one replica of each role with the same environment, side by side, and waits until all are healthy.
     * One thread does most of a start (about two thirds of its CPU): two at once take about half again as long as
     * one, not twice. Replicas start side by side in a deployment too.
     */
    public static List<AppProcess> startAll(int database, Map<String, String> extraEnv, String... roles)
            throws Exception {
        return startAll(database, java.util.Collections.nCopies(roles.length, extraEnv), roles);
    }

    /** {@link #startAll(int, Map, String...)} with an environment of its own for each role. */
    public static List<AppProcess> startAll(int database, List<Map<String, String>> envs, String... roles)
            throws Exception {
        List<AppProcess> apps = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < roles.length; i++) {
                apps.add(launch(roles[i], database, envs.get(i), List.of()));
            }
            for (int i = 0; i < roles.length; i++) {
                ready(roles[i], apps.get(i));
            }
            return apps;
        } catch (Exception | Error e) {
            for (AppProcess app : apps) {
                app.kill();
            }
            throw e;
        }
    }

    private static AppProcess launch(String role, int database, Map<String, String> extraEnv, List<String> launcher)
            throws Exception {
        int port = Ports.free();
        int managementPort = Ports.free(port);
        Path log = Files.createTempFile("aether-" + role + "-", ".log");
        Path workDir = Files.createTempDirectory("aether-work-");
        List<String> command = new java.util.ArrayList<>(launcher);
        List<String> shared = SharedClasses.useOrWrite(role);
        command.addAll(Launch.command(shared));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.putAll(Services.appEnv(database));
        env.putAll(Map.of("AETHER_ROLE", role, "AETHER_HTTP_HOST", "127.0.0.1", "AETHER_HTTP_PORT", Integer.toString(port),
                "AETHER_PUBLIC_URL", "http://127.0.0.1:" + port, "AETHER_MANAGEMENT_HOST", "127.0.0.1",
                "AETHER_MANAGEMENT_PORT", Integer.toString(managementPort), "AETHER_WORK_DIR", workDir.toString(),
                "AETHER_X264_PRESET", "ultrafast", "AETHER_ADMIN_KEY", Credentials.ADMIN_KEY));
        env.putAll(UNMEASURED);
        env.putAll(new HashMap<>(extraEnv));
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = builder.start();
        SharedClasses.started(process, shared);
        return new AppProcess(process, port, managementPort, log, workDir);
    }

    private static AppProcess ready(String role, AppProcess app) throws Exception {
        app.awaitHealthy();
        Credentials.forget(app.url());
        if (!role.equals("worker")) {
            // made now, while its Redis is surely up: some tests stop Redis before their first request
            Credentials.key(app.url());
        }
        return app;
    }

    /** {@code env} with the ladder and the measurement as deployed. */
    public static Map<String, String> asDeployed(Map<String, String> env) {
        Map<String, String> deployed = new HashMap<>(env);
        deployed.putAll(AS_DEPLOYED);
        return deployed;
    }

    /** The public port: the API, uploads, playback, the page. A worker does not listen on it. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The management port: /observe (health, metrics, Jolokia, info). */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public Path log() {
        return log;
    }

    /** The last lines of its log, for a failure's message: what the process was doing when a test gave up. */
    public String logTail(int lines) {
        return logTail(log, lines);
    }

    /** The last lines of any replica's log, a scripts/cluster one too. */
    static String logTail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return "(its log unreadable: " + e + ")";
        }
    }

    /** Where this replica keeps per-job temp files. */
    public Path workDir() {
        return workDir;
    }

    public long pid() {
        return process.pid();
    }

    /** The worker's name in job records starts with the JVM's pid. */
    public String workerPrefix() {
        return process.pid() + "@";
    }

    /** Kills the replica and everything it started, as a crashed machine would stop. */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
    }

    /** Sends SIGTERM, as an orchestrator does on a deploy or a scale-down, and returns at once. */
    public void terminate() {
        process.destroy();
    }

    /** Kills the JVM alone with SIGKILL, leaving its children to fend for themselves. */
    public void killJvmOnly() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Waits for the process to exit; false if it is still running after the timeout. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    public List<ProcessHandle> children() {
        return process.descendants().toList();
    }

    /** Stops each replica that was started; a start that failed left null. */
    public static void closeAll(AppProcess... apps) throws Exception {
        for (AppProcess app : apps) {
            if (app != null) {
                app.close();
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(SharedClasses.writing(process) ? 180 : 20, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private void awaitHealthy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Aether exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/observe/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            // the suite starts about ninety replicas: each waits half a poll on average past its start
            Thread.sleep(50);
        }
        kill();
        throw new IllegalStateException("Aether did not become healthy in " + STARTUP + ":\n" + Files.readString(log));
    }
}
