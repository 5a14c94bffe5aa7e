package io.aether.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.aether.Json;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * The one error body of every answer Aether or its HTTP server gives: RFC 9457 problem details
 * ({@code application/problem+json}) with {@code type}, {@code title}, {@code status} and {@code detail}.
 * The member {@code error} repeats the detail: it was the whole error body before problem details and
 * stays for one more release, so clients that read it keep working (docs/api.md: Errors).
 */
public final class Problem {
    public static final String CONTENT_TYPE = "application/problem+json";
    /** Where the problem types live; the slug is the title, lower case and hyphenated. */
    public static final String TYPE_BASE = "https://aether.dev/problems/";

    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"),
            Map.entry(409, "Conflict"), Map.entry(410, "Gone"), Map.entry(412, "Precondition Failed"),
            Map.entry(413, "Content Too Large"), Map.entry(414, "URI Too Long"),
            Map.entry(415, "Unsupported Media Type"), Map.entry(416, "Range Not Satisfiable"),
            Map.entry(423, "Locked"), Map.entry(429, "Too Many Requests"),
            Map.entry(431, "Request Header Fields Too Large"),
            // tus's checksum extension names 460; no RFC does
            Map.entry(460, "Checksum Mismatch"), Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"), Map.entry(503, "Service Unavailable"),
            Map.entry(507, "Insufficient Storage"));

    private Problem() {
    }

    /** The body's members, in order; callers may add extension members before writing it. */
    public static Map<String, Object> of(int status, String detail) {
        String title = title(status);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + title.toLowerCase(Locale.ROOT).replace(' ', '-'));
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("error", detail);
        return body;
    }

    public static String json(int status, String detail) {
        return Json.write(of(status, detail));
    }

    /** Ends a Vert.x answer outside the routes with the problem; headers put on it before stay. */
    public static Future<Void> end(HttpServerResponse response, int status, String detail) {
        return response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
                .end(json(status, detail));
    }

    public static String title(int status) {
        String title = TITLES.get(status);
        if (title != null) {
            return title;
        }
        return status >= 500 ? "Server Error" : "Client Error";
    }
}
