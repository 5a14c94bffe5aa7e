package io.aether.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.aether.Json;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;

/**
 * {@code GET /observe/info}: the application's name and versions, nothing about the host. Camel's
 * own info page (turned off in application.properties) shows the OS user, the home and working
 * directories and the pid to anyone who can reach the port.
 */
public final class InfoPage {
    /** camel.management.path (default /observe) + /info, where Camel's page was. */
    static final String PATH = "/observe/info";

    private InfoPage() {
    }

    public static void mount(CamelContext context, Router router) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", context.getName());
        // from the jar's manifest; unknown when running from classes
        String version = InfoPage.class.getPackage().getImplementationVersion();
        if (version != null) {
            info.put("version", version);
        }
        info.put("camel", context.getVersion());
        String body = Json.write(info);
        router.route(PATH).method(HttpMethod.GET)
                .handler(ctx -> ctx.response().putHeader("Content-Type", "application/json").end(body));
    }
}
