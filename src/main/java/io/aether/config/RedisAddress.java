package io.aether.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

import io.lettuce.core.RedisURI;

/**
 * AETHER_REDIS_URL as Lettuce reads it: {@code redis://}, {@code rediss://} (TLS), either with
 * {@code [user:]password@}, or {@code redis-sentinel://[password@]host1:26379,host2:26379/0#mymaster}
 * (and {@code rediss-sentinel://}). Every connection of the application is made from the one
 * {@link RedisURI} built here, so all of them follow a Sentinel's failover the same way.
 */
final class RedisAddress {
    private static final Pattern CREDENTIALS = Pattern.compile("//[^/@]*@");
    private static final String FORMS = "redis://, rediss://, redis-sentinel:// or rediss-sentinel://";

    private RedisAddress() {
    }

    /**
     * @param sentinelPassword for Sentinels that have a requirepass of their own; the URL's password is the
     *     data nodes' (Lettuce's reading), so it is never sent to a Sentinel
     * @param timeout each command's bound, the asks to a Sentinel for the primary included
     */
    static RedisURI parse(String url, String sentinelPassword, Duration timeout) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("AETHER_REDIS_URL is empty: set it to a " + FORMS + " URL");
        }
        RedisURI uri;
        try {
            uri = RedisURI.create(url.trim());
        } catch (RuntimeException e) {
            // no cause, no input: java.net.URI's messages quote the whole URL, password and all
            throw new IllegalArgumentException("AETHER_REDIS_URL (scheme " + scheme(url) + ") is not a Redis URL"
                    + " Aether can use: expected " + FORMS + "[[user:]password@]host[:port][/database]"
                    + (url.contains("sentinel") ? " with #masterName for a Sentinel" : ""));
        }
        uri.setTimeout(timeout);
        for (RedisURI sentinel : uri.getSentinels()) {
            sentinel.setTimeout(timeout);
            if (sentinelPassword != null && !sentinelPassword.isBlank()) {
                sentinel.setPassword(sentinelPassword.toCharArray());
            }
        }
        return uri;
    }

    /** What may be logged about the URL: Lettuce's rendering, without the credentials (not even their length). */
    static String redacted(RedisURI uri) {
        return CREDENTIALS.matcher(uri.toString()).replaceFirst("//***@");
    }

    private static String scheme(String url) {
        int end = url.indexOf("://");
        String scheme = end < 0 ? "" : url.substring(0, end).trim().toLowerCase(Locale.ROOT);
        return scheme.matches("[a-z][a-z0-9+.-]{0,20}") ? scheme : "unknown";
    }
}
