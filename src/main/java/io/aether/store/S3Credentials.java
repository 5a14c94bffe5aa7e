package io.aether.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.minio.credentials.Jwt;
import io.minio.credentials.Provider;
import io.minio.credentials.StaticProvider;
import io.minio.credentials.WebIdentityProvider;
import okhttp3.OkHttpClient;

/**
 * The object store's credentials, one of three kinds (AETHER_S3_CREDENTIALS):
 * <ul>
 * <li>{@code static}: AETHER_MINIO_ACCESS_KEY and AETHER_MINIO_SECRET_KEY;</li>
 * <li>{@code env}: the AWS variables AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and, for temporary
 * credentials, AWS_SESSION_TOKEN;</li>
 * <li>{@code web-identity}: what EKS and other OIDC platforms hand a pod: the token in
 * AWS_WEB_IDENTITY_TOKEN_FILE is exchanged for the role AWS_ROLE_ARN at STS
 * (AssumeRoleWithWebIdentity). The temporary credentials are kept and exchanged again shortly before
 * they expire, with the token file read anew (the platform rotates it).</li>
 * </ul>
 */
public final class S3Credentials {
    /** How long credentials from STS are asked to last; a role allows one hour unless raised. */
    static final int SESSION_SECONDS = 3600;

    private S3Credentials() {
    }

    /**
     * @param env the process environment (a map, so that tests can hand their own)
     * @param stsUrl the token service; empty: AWS's regional one
     * @param http the client STS calls go through, with its timeouts
     */
    public static Provider of(String kind, String accessKey, String secretKey, String region, String stsUrl,
            Map<String, String> env, OkHttpClient http) {
        return switch (kind) {
            case "static" -> new StaticProvider(required(accessKey, "AETHER_MINIO_ACCESS_KEY"),
                    required(secretKey, "AETHER_MINIO_SECRET_KEY"), null);
            case "env" -> new StaticProvider(required(env.get("AWS_ACCESS_KEY_ID"), "AWS_ACCESS_KEY_ID"),
                    required(env.get("AWS_SECRET_ACCESS_KEY"), "AWS_SECRET_ACCESS_KEY"),
                    blankToNull(env.get("AWS_SESSION_TOKEN")));
            case "web-identity" -> webIdentity(env, region, stsUrl, http);
            default -> throw new IllegalArgumentException("AETHER_S3_CREDENTIALS must be static, env or web-identity,"
                    + " not '" + kind + "'");
        };
    }

    private static Provider webIdentity(Map<String, String> env, String region, String stsUrl, OkHttpClient http) {
        Path tokenFile = Path.of(required(env.get("AWS_WEB_IDENTITY_TOKEN_FILE"), "AWS_WEB_IDENTITY_TOKEN_FILE"));
        String role = required(env.get("AWS_ROLE_ARN"), "AWS_ROLE_ARN");
        String session = env.getOrDefault("AWS_ROLE_SESSION_NAME", "");
        String sts = stsUrl == null || stsUrl.isBlank() ? "https://sts." + region + ".amazonaws.com" : stsUrl;
        Provider exchange = new WebIdentityProvider(() -> new Jwt(read(tokenFile), SESSION_SECONDS), sts,
                SESSION_SECONDS, null, role, session.isBlank() ? "aether" : session, http);
        // minio-java throws an unchecked ProviderException with STS's status only: say what was asked of whom
        return () -> {
            try {
                return exchange.fetch();
            } catch (RuntimeException e) {
                throw new IllegalStateException("AssumeRoleWithWebIdentity for " + role + " at " + sts + " failed: "
                        + e.getMessage(), e);
            }
        };
    }

    private static String read(Path tokenFile) {
        try {
            return Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web identity token " + tokenFile, e);
        }
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value.trim();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
