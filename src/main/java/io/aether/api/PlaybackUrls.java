package io.aether.api;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

import io.aether.Settings;

/**
 * Where a video plays from. A video is private unless its record says {@code public}: its
 * playlist URL then carries a signed token that expires, as a path segment before the id
 * ({@code /hls/{token}/{id}/master.m3u8}), so the relative URIs inside the playlists resolve to
 * URLs that carry it too. A public video plays without a token, from the public HLS base when
 * one is configured (MinIO or a CDN in front of the processed bucket).
 */
public final class PlaybackUrls {
    /** Expiries are rounded up to this many seconds, so URLs handed out close together are equal and cache well. */
    private static final long ROUND_S = 60;

    private final String publicUrl;
    private final String publicHlsUrl;
    private final long ttlSeconds;
    private final PlaybackToken tokens;
    private final Clock clock;

    /**
     * @param publicUrl the API's own base URL
     * @param publicHlsUrl base URL serving the processed bucket's objects to anyone, or empty
     */
    public PlaybackUrls(String publicUrl, String publicHlsUrl, long ttlSeconds, PlaybackToken tokens, Clock clock) {
        this.publicUrl = publicUrl;
        this.publicHlsUrl = publicHlsUrl;
        this.ttlSeconds = ttlSeconds;
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * From the settings and the secret. Without a secret the API must not start, except in dev mode,
     * which makes one for this process (its URLs then stop working when it restarts).
     */
    public static PlaybackUrls create(Settings settings, String secret, boolean dev) {
        String key = secret == null ? "" : secret.trim();
        if (key.isEmpty() && dev) {
            byte[] random = new byte[PlaybackToken.MIN_SECRET_BYTES];
            new SecureRandom().nextBytes(random);
            key = HexFormat.of().formatHex(random);
        }
        if (key.getBytes(StandardCharsets.UTF_8).length < PlaybackToken.MIN_SECRET_BYTES) {
            throw new IllegalStateException("AETHER_PLAYBACK_SECRET must be set to at least "
                    + PlaybackToken.MIN_SECRET_BYTES + " random characters (for example `openssl rand -hex 32`);"
                    + " it signs playback URLs. Only dev mode (AETHER_DEV=true) runs without one.");
        }
        return new PlaybackUrls(settings.publicUrl(), settings.publicHlsUrl(), settings.playbackTokenTtlSeconds(),
                new PlaybackToken(key.getBytes(StandardCharsets.UTF_8)), Clock.systemUTC());
    }

    public String playlistUrl(String id, boolean isPublic) {
        return url(id, isPublic, "master.m3u8", true);
    }

    /**
     * The poster, made on demand by the API ({@code ?time=&width=}, or thumbnail.webp): from the API
     * even for a public video, since a public HLS base serves stored objects only.
     */
    public String thumbnailUrl(String id, boolean isPublic) {
        return url(id, isPublic, "thumbnail.jpg", false);
    }

    /** The seek-bar previews: a WebVTT file whose relative sheet URLs carry its token along. */
    public String storyboardUrl(String id, boolean isPublic) {
        return url(id, isPublic, "storyboard.vtt", true);
    }

    private String url(String id, boolean isPublic, String file, boolean stored) {
        if (isPublic) {
            return (publicHlsUrl.isEmpty() || !stored ? publicUrl + "/hls" : publicHlsUrl) + "/" + id + "/" + file;
        }
        long expires = (clock.millis() / 1000 + ttlSeconds + ROUND_S - 1) / ROUND_S * ROUND_S;
        return publicUrl + "/hls/" + tokens.sign(id, expires) + "/" + id + "/" + file;
    }

    /**
     * A ready download of the video: signed like a private playlist, whether or not the video is public,
     * since only the API's own route answers it as an attachment.
     */
    public String downloadUrl(String id, String file) {
        return publicUrl + "/downloads/" + tokens.sign(id, expiry()) + "/" + id + "/" + file;
    }

    /** The same expiry as a playlist's, so a download URL lasts as long as playback does. */
    private long expiry() {
        return (clock.millis() / 1000 + ttlSeconds + ROUND_S - 1) / ROUND_S * ROUND_S;
    }

    /** Whether a token lets its holder play this video now. */
    public boolean allows(String token, String id) {
        return tokens.valid(token, id, clock.millis() / 1000);
    }
}
