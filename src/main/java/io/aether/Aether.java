package io.aether;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Locale;

import io.aether.config.ApiConfiguration;
import io.aether.config.CommonConfiguration;
import io.aether.config.TusConfiguration;
import io.aether.config.WorkerConfiguration;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainConfigurationProperties;

/** Starts one Aether process; AETHER_ROLE (api, worker or all) decides which routes run and which beans exist. */
public final class Aether {
    private Aether() {
    }

    public static void main(String[] args) throws Exception {
        String role = role();
        ports(role);
        Main main = new Main();
        configure(main.configure(), role, location());
        main.run(args);
    }

    /** The role picks the routes and, the same way, the beans they call: a worker builds no API beans. */
    public static void configure(MainConfigurationProperties main, String role, String location) {
        CommonConfiguration common = new CommonConfiguration();
        main.addConfiguration(common);
        if (!role.equals("worker")) {
            TusConfiguration tus = new TusConfiguration(common);
            main.addConfiguration(tus);
            main.addConfiguration(new ApiConfiguration(common, tus));
        }
        if (!role.equals("api")) {
            main.addConfiguration(new WorkerConfiguration(common));
        }
        main.withRoutesIncludePattern(routes(role, location));
        // a worker serves no one: it listens on the management port only (application.properties sets
        // no camel.server.enabled, so this stands; a test may still turn the server off)
        main.httpServer().setEnabled(!role.equals("worker"));
    }

    /**
     * Vert.x logs a port it cannot bind and carries on, leaving a process that serves nothing and never
     * becomes ready; a replica whose port is taken should rather end at once, saying so. The management
     * port must differ from the public one: on the same port Camel would serve /observe publicly.
     */
    static void ports(String role) throws IOException {
        String host = System.getenv().getOrDefault("AETHER_HTTP_HOST", "0.0.0.0");
        int port = Integer.parseInt(System.getenv().getOrDefault("AETHER_HTTP_PORT", "3000"));
        String managementHost = System.getenv().getOrDefault("AETHER_MANAGEMENT_HOST", "127.0.0.1");
        int management = Integer.parseInt(System.getenv().getOrDefault("AETHER_MANAGEMENT_PORT", "9876"));
        if (!role.equals("worker")) {
            if (management == port) {
                throw new IllegalArgumentException("AETHER_MANAGEMENT_PORT must differ from AETHER_HTTP_PORT ("
                        + port + "): health, metrics and Jolokia must not be served on the public port");
            }
            portFree(host, port, "AETHER_HTTP_HOST, AETHER_HTTP_PORT");
        }
        portFree(managementHost, management, "AETHER_MANAGEMENT_HOST, AETHER_MANAGEMENT_PORT");
    }

    private static void portFree(String host, int port, String settings) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as Vert.x binds: a port whose old connections wait in TIME_WAIT is free
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IOException("cannot listen on " + host + ":" + port + " (" + settings + "): " + e.getMessage(), e);
        }
    }

    static String role() {
        String role = System.getProperty("aether.role", System.getenv().getOrDefault("AETHER_ROLE", "all"));
        role = role.trim().toLowerCase(Locale.ROOT);
        if (!role.equals("api") && !role.equals("worker") && !role.equals("all")) {
            throw new IllegalArgumentException("AETHER_ROLE must be api, worker or all, not " + role);
        }
        return role;
    }

    /** Routes ship in the jar; AETHER_ROUTES=file:routes runs them from the work tree so dev mode can reload them. */
    static String location() {
        return System.getenv().getOrDefault("AETHER_ROUTES", "classpath:routes");
    }

    static String routes(String role, String location) {
        String api = location + "/api/*.yaml";
        String worker = location + "/worker/*.yaml";
        return switch (role) {
            case "api" -> api;
            case "worker" -> worker;
            default -> api + "," + worker;
        };
    }
}
