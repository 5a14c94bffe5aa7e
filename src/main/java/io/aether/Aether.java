package io.aether;

import java.util.Locale;

import io.aether.config.ApiConfiguration;
import io.aether.config.CommonConfiguration;
import io.aether.config.WorkerConfiguration;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainConfigurationProperties;

/** Starts one Aether process; AETHER_ROLE (api, worker or all) decides which routes run and which beans exist. */
public final class Aether {
    private Aether() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        configure(main.configure(), role(), location());
        main.run(args);
    }

    /** The role picks the routes and, the same way, the beans they call: a worker builds no API beans. */
    public static void configure(MainConfigurationProperties main, String role, String location) {
        CommonConfiguration common = new CommonConfiguration();
        main.addConfiguration(common);
        if (!role.equals("worker")) {
            main.addConfiguration(new ApiConfiguration(common));
        }
        if (!role.equals("api")) {
            main.addConfiguration(new WorkerConfiguration(common));
        }
        main.withRoutesIncludePattern(routes(role, location));
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
