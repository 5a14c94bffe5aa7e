package io.aether.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook request as the Standard Webhooks specification says, so that its libraries verify
 * it: HMAC-SHA256 over {@code id + "." + timestamp + "." + body}, keyed with the base64-decoded part
 * of the secret after {@code whsec_}, sent as {@code webhook-signature: v1,<base64>}, one entry per
 * secret in force (two while a rotated secret is still honoured).
 * <p>
 * Secrets made before (base64url, 43 characters, no padding) were used as their UTF-8 text, inside
 * {@code Aether-Signature: t=…,v1=<hex>}. While such a secret signs, that header is sent too, and the
 * standard entry for it is keyed with the same UTF-8 text: existing receivers keep working, and can
 * move to a standard library (raw key) before rotating to a standard secret.
 */
public final class Signer {
    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    public static final String LEGACY_SIGNATURE = "Aether-Signature";
    public static final String LEGACY_ID = "Aether-Event-Id";
    private static final String PREFIX = "whsec_";
    private static final int SECRET_BYTES = 32;
    /** What the first scheme's secrets look like; a standard one of 32 bytes ends in '=' and so never does. */
    private static final Pattern LEGACY = Pattern.compile("whsec_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Signer() {
    }

    /** A signing secret; its text is never shown by {@link #toString}, so it cannot end up in a log. */
    public record Secret(String value) {
        public boolean legacy() {
            return LEGACY.matcher(value).matches();
        }

        byte[] key() {
            if (legacy()) {
                return value.getBytes(StandardCharsets.UTF_8);
            }
            return Base64.getDecoder().decode(value.startsWith(PREFIX) ? value.substring(PREFIX.length()) : value);
        }

        @Override
        public String toString() {
            return legacy() ? "Secret[legacy]" : "Secret[standard]";
        }
    }

    /** A new standard secret: 32 random bytes in base64. */
    public static Secret newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return new Secret(PREFIX + Base64.getEncoder().encodeToString(bytes));
    }

    /**
     * The headers of one attempt of message {@code id}, sent at {@code unixSeconds}, signed with each
     * of {@code secrets}; the first scheme's header is among them only while a legacy secret signs.
     */
    public static Map<String, String> headers(String id, long unixSeconds, String body, List<Secret> secrets) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID, id);
        headers.put(TIMESTAMP, Long.toString(unixSeconds));
        headers.put(SIGNATURE, secrets.stream().map(s -> signature(s.key(), id, unixSeconds, body))
                .collect(Collectors.joining(" ")));
        List<Secret> legacy = secrets.stream().filter(Secret::legacy).toList();
        if (!legacy.isEmpty()) {
            headers.put(LEGACY_ID, id);
            headers.put(LEGACY_SIGNATURE, "t=" + unixSeconds + legacy.stream()
                    .map(s -> ",v1=" + HexFormat.of().formatHex(hmac(s.key(), unixSeconds + "." + body)))
                    .collect(Collectors.joining()));
        }
        return headers;
    }

    /** One {@code webhook-signature} entry. */
    static String signature(byte[] key, String id, long unixSeconds, String body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(key, id + "." + unixSeconds + "." + body));
    }

    private static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
