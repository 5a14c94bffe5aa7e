package io.aether.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Serves the upload-and-watch page and its scripts from the classpath folder {@code web/} at
 * {@code /}, after every API route.
 *
 * <p>This replaces {@code camel.server.static-enabled}: in Camel 4.17 that handler first looks the
 * request path up as a file relative to the process's working directory, so it served any file
 * there (the POM, .run/services.env with the MinIO keys...), and it read every file as text. The
 * Vert.x static handler here serves only {@code web/} (a {@code web/} folder in the working
 * directory first, as Vert.x resolves files, else the one on the classpath), binary-safe, with
 * caching headers, never dot files or directory listings.
 */
public final class WebPage {
    static final String ROOT = "web";
    private static final long MAX_AGE_SECONDS = 300;

    private WebPage() {
    }

    public static void mount(Router router) {
        router.route().method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(StaticHandler.create(ROOT)
                        .setIncludeHidden(false)
                        .setDirectoryListing(false)
                        .setCachingEnabled(true)
                        .setMaxAgeSeconds(MAX_AGE_SECONDS));
    }
}
