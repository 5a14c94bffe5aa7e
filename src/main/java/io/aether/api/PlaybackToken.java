package io.aether.api;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Playback tokens: {@code {expiry}.{signature}}, where the expiry is in epoch seconds and the
 * signature is HMAC-SHA256 over the video id and the expiry, base64url without padding. A token
 * is a path segment ({@code /hls/{token}/{id}/{file}}), so it holds only URL-safe characters.
 */
public final class PlaybackToken {
    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern FORM = Pattern.compile("([0-9]{1,12})\\.([A-Za-z0-9_-]{43})");
    /** Fewer bytes than this are too easy to guess; 32 are what `openssl rand -hex 32` gives. */
    public static final int MIN_SECRET_BYTES = 32;

    private final SecretKeySpec key;

    public PlaybackToken(byte[] secret) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the playback secret needs at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** A token for this video valid until {@code expiresAtSeconds}. */
    public String sign(String videoId, long expiresAtSeconds) {
        return expiresAtSeconds + "." + signature(videoId, expiresAtSeconds);
    }

    /** Whether the token was made here for this video and is not expired at {@code nowSeconds}. */
    public boolean valid(String token, String videoId, long nowSeconds) {
        if (token == null || videoId == null) {
            return false;
        }
        Matcher m = FORM.matcher(token);
        if (!m.matches()) {
            return false;
        }
        long expires = Long.parseLong(m.group(1));
        // the text is compared, not the decoded bytes: a decoder ignores the last character's spare bits,
        // so two texts would pass for one signature. Every byte is compared whatever the first difference,
        // so the time taken says nothing about how much of a forged signature was right.
        boolean signed = MessageDigest.isEqual(m.group(2).getBytes(StandardCharsets.US_ASCII),
                signature(videoId, expires).getBytes(StandardCharsets.US_ASCII));
        return signed && nowSeconds < expires;
    }

    private String signature(String videoId, long expires) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(videoId, expires));
    }

    private byte[] mac(String videoId, long expires) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal((videoId + "\n" + expires).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
