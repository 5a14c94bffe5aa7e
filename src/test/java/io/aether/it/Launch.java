package io.aether.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts an Aether JVM and returns at once, for tests that watch a replica while it starts
 * ({@link AppProcess} waits until it is healthy); both run a replica by the command made here.
 */
final class Launch {
    private Launch() {
    }

    /** Listens on {@code port} (the public API; a worker has none) and {@code management} (/observe). */
    static Process aether(String role, int port, int management, Map<String, String> env, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command(SharedClasses.use()));
        builder.environment().putAll(env);
        builder.environment().put("AETHER_ROLE", role);
        builder.environment().put("AETHER_HTTP_HOST", "127.0.0.1");
        builder.environment().put("AETHER_HTTP_PORT", Integer.toString(port));
        builder.environment().put("AETHER_PUBLIC_URL", "http://127.0.0.1:" + port);
        builder.environment().put("AETHER_MANAGEMENT_HOST", "127.0.0.1");
        builder.environment().put("AETHER_MANAGEMENT_PORT", Integer.toString(management));
        return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * The java command of a replica, with the options that share classes ({@link SharedClasses}). Under Surefire
     * the pom adds -XX:TieredStopAtLevel=1: the suite starts about ninety replicas, and C2 compiling Camel's
     * start-up doubled each one's CPU (8.5 s against 4 s to healthy) for code that then runs a few requests. The
     * benches run outside Surefire, on the JVM as deployed.
     */
    static List<String> command(List<String> sharing) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String options = System.getProperty("aether.it.jvmOptions", "").trim();
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split("\\s+")));
        }
        command.add("-Xmx512m");
        command.addAll(sharing);
        command.addAll(List.of("-cp", SharedClasses.classpath(), "io.aether.Aether"));
        return command;
    }
}
