package io.aether.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A replicated Redis of a test's own on loopback: a primary, a replica and one Sentinel watching them
 * (quorum 1, a node is down after 1 s), all with passwords. Nodes can be killed and started again on
 * their port; the Sentinel decides which one is the primary.
 */
final class RedisGroup implements AutoCloseable {
    static final String MASTER = "aether";
    static final String PASSWORD = "group-data-password-7c1e";
    static final String SENTINEL_PASSWORD = "group-sentinel-password-93ab";
    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final Path dir;
    private final Map<Integer, Process> nodes = new TreeMap<>();
    private final int sentinelPort;
    private Process sentinel;

    private RedisGroup(Path dir, int sentinelPort) {
        this.dir = dir;
        this.sentinelPort = sentinelPort;
    }

    static RedisGroup start(Path dir) throws Exception {
        int primary = Ports.free();
        int replica = Ports.free(primary);
        RedisGroup group = new RedisGroup(dir, Ports.free(replica));
        group.startNode(primary, null);
        group.startNode(replica, primary);
        Path config = dir.resolve("sentinel.conf");
        Files.writeString(config, String.join("\n",
                "port " + group.sentinelPort, "bind 127.0.0.1", "dir " + dir, "requirepass " + SENTINEL_PASSWORD,
                "sentinel monitor " + MASTER + " 127.0.0.1 " + primary + " 1",
                "sentinel auth-pass " + MASTER + " " + PASSWORD,
                "sentinel down-after-milliseconds " + MASTER + " 1000",
                "sentinel failover-timeout " + MASTER + " 3000", ""));
        group.sentinel = new ProcessBuilder("redis-server", config.toString(), "--sentinel").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sentinel.log").toFile())).start();
        group.await("the Sentinel to know the replica", () -> group.sentinel("SENTINEL", "replicas", MASTER)
                .contains(Integer.toString(replica)), STARTUP);
        group.awaitReplica(replica);
        return group;
    }

    /** What Aether is given: the data nodes' password in the URL, the Sentinel's apart. */
    String url() {
        return "redis-sentinel://" + PASSWORD + "@127.0.0.1:" + sentinelPort + "/0#" + MASTER;
    }

    /** The primary's port, as the Sentinel tells it. */
    int primary() throws Exception {
        String[] reply = sentinel("SENTINEL", "get-master-addr-by-name", MASTER).trim().split("\\s+");
        return Integer.parseInt(reply[reply.length - 1]);
    }

    /** SIGKILL: no goodbye to the replica or the clients, as a crashed host. */
    void kill(int port) throws Exception {
        Process node = nodes.get(port);
        node.destroyForcibly();
        node.waitFor(20, TimeUnit.SECONDS);
    }

    /** SIGSTOP: the node takes nothing more from its primary until {@link #thaw}. */
    void freeze(int port) throws Exception {
        Tools.run(List.of("kill", "-STOP", Long.toString(nodes.get(port).pid())));
    }

    void thaw(int port) throws Exception {
        Tools.run(List.of("kill", "-CONT", Long.toString(nodes.get(port).pid())));
    }

    /**
     * Starts a killed node again on its port, empty (no persistence), as a replica of the primary the Sentinel
     * names: what the Sentinel makes of it too, but only after its next INFO round (every 10 s) and a grace period.
     */
    void restart(int port) throws Exception {
        startNode(port, primary());
    }

    /** Waits until the Sentinel names a primary other than {@code old} and that node takes writes. */
    int awaitFailover(int old, Duration timeout) throws Exception {
        await("a failover away from " + old, () -> primary() != old
                && cli(primary(), "INFO", "replication").contains("role:master"), timeout);
        return primary();
    }

    /** Waits until the node replicates the primary with its link up. */
    void awaitReplica(int port) throws Exception {
        await(port + " to replicate", () -> {
            String info = cli(port, "INFO", "replication");
            return info.contains("role:slave") && info.contains("master_link_status:up");
        }, STARTUP);
    }

    String cli(int port, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "--no-auth-warning", "-a", PASSWORD));
        args.addAll(List.of(command));
        return Tools.run(args);
    }

    private String sentinel(String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p",
                Integer.toString(sentinelPort), "--no-auth-warning", "-a", SENTINEL_PASSWORD));
        args.addAll(List.of(command));
        return Tools.run(args);
    }

    private void startNode(int port, Integer primary) throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--requirepass", PASSWORD, "--masterauth", PASSWORD));
        if (primary != null) {
            command.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(primary)));
        }
        nodes.put(port, new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis-" + port + ".log").toFile()))
                .start());
        await(port + " to answer", () -> cli(port, "PING").contains("PONG"), STARTUP);
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Check check, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (check.holds()) {
                    return;
                }
            } catch (Exception notYet) {
                // the node or the Sentinel is not up yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout + " for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws Exception {
        for (Process process : nodes.values()) {
            process.destroyForcibly(); // SIGKILL ends a frozen one too
        }
        if (sentinel != null) {
            sentinel.destroyForcibly();
        }
    }
}
