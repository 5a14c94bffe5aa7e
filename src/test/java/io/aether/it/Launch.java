package io.aether.it;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts an Aether JVM and returns at once, for tests that watch a replica while it starts
 * ({@link AppProcess} waits until it is healthy).
 */
final class Launch {
    private Launch() {
    }

    /** Listens on {@code port} (the public API; a worker has none) and {@code management} (/observe). */
    static Process aether(String role, int port, int management, Map<String, String> env, Path log) throws Exception {
        List<String> command = new java.util.ArrayList<>(AppProcess.java());
        command.addAll(SharedClasses.use());
        command.addAll(List.of("-cp", SharedClasses.classpath(), "io.aether.Aether"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        builder.environment().put("AETHER_ROLE", role);
        builder.environment().put("AETHER_HTTP_HOST", "127.0.0.1");
        builder.environment().put("AETHER_HTTP_PORT", Integer.toString(port));
        builder.environment().put("AETHER_PUBLIC_URL", "http://127.0.0.1:" + port);
        builder.environment().put("AETHER_MANAGEMENT_HOST", "127.0.0.1");
        builder.environment().put("AETHER_MANAGEMENT_PORT", Integer.toString(management));
        return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
