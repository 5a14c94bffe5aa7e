package io.aether.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.minio.credentials.Credentials;
import io.minio.credentials.Provider;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three kinds of credentials. Web identity is exchanged at a small local HTTP server playing AWS STS
 * (AssumeRoleWithWebIdentity): AWS is not reachable from the tests, and MinIO grants web identity only
 * with an OpenID provider of its own. The exchange's client is minio-java's; what is checked here is
 * what Aether hands it (token file, role, session name, region's endpoint) and when it asks again.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class S3CredentialsTest {
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().callTimeout(5, TimeUnit.SECONDS).build();

    @Test
    void staticAndEnvironmentKeys() {
        Credentials fixed = S3Credentials.of("static", "ak", "sk", "us-east-1", "", Map.of(), HTTP).fetch();
        assertEquals("ak", fixed.accessKey());
        assertEquals(null, fixed.sessionToken());
        Credentials env = S3Credentials.of("env", "", "", "us-east-1", "", Map.of("AWS_ACCESS_KEY_ID", "AKIA1",
                "AWS_SECRET_ACCESS_KEY", "secret1", "AWS_SESSION_TOKEN", "token1"), HTTP).fetch();
        assertEquals("AKIA1", env.accessKey());
        assertEquals("secret1", env.secretKey());
        assertEquals("token1", env.sessionToken());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> S3Credentials.of("env", "", "", "us-east-1", "", Map.of(), HTTP));
        assertTrue(missing.getMessage().contains("AWS_ACCESS_KEY_ID"), missing.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> S3Credentials.of("instance", "ak", "sk", "us-east-1", "", Map.of(), HTTP));
    }

    @Test
    void webIdentityIsExchangedAtStsAndAskedForAgainBeforeItExpires(@TempDir Path dir) throws Exception {
        List<Map<String, String>> asked = new CopyOnWriteArrayList<>();
        // the first credentials expire in 5 s (within minio-java's 10 s margin: due at once), the next in an hour
        HttpServer sts = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sts.createContext("/", exchange -> {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            asked.add(query);
            int n = asked.size();
            // as AWS writes it: whole seconds
            ZonedDateTime expiry = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(n == 1 ? 5 : 3600)
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            byte[] body = ("<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                    + "<AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIA" + n + "</AccessKeyId>"
                    + "<SecretAccessKey>secret" + n + "</SecretAccessKey><SessionToken>token" + n + "</SessionToken>"
                    + "<Expiration>" + DateTimeFormatter.ISO_INSTANT.format(expiry) + "</Expiration></Credentials>"
                    + "</AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        sts.start();
        try {
            Path token = dir.resolve("token");
            Files.writeString(token, "first.jwt\n");
            Map<String, String> env = new HashMap<>();
            env.put("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString());
            env.put("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/aether");
            Provider provider = S3Credentials.of("web-identity", "", "", "eu-west-3",
                    "http://127.0.0.1:" + sts.getAddress().getPort(), env, HTTP);

            Credentials first = provider.fetch();
            assertEquals("ASIA1", first.accessKey());
            assertEquals("token1", first.sessionToken());
            Map<String, String> request = asked.get(0);
            assertEquals("AssumeRoleWithWebIdentity", request.get("Action"));
            assertEquals("arn:aws:iam::123456789012:role/aether", request.get("RoleArn"));
            assertEquals("first.jwt", request.get("WebIdentityToken"));
            assertEquals("aether", request.get("RoleSessionName"));

            // the platform rotates the token file; credentials about to expire are exchanged again with it
            Files.writeString(token, "second.jwt");
            Credentials second = provider.fetch();
            assertEquals("ASIA2", second.accessKey());
            assertEquals("second.jwt", asked.get(1).get("WebIdentityToken"));
            // good for an hour: kept, STS is not asked again
            assertEquals("ASIA2", provider.fetch().accessKey());
            assertEquals(2, asked.size());
        } finally {
            sts.stop(0);
        }
    }

    @Test
    void webIdentityNeedsTheTokenFileAndTheRoleAndDefaultsToTheRegionsSts() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> S3Credentials.of("web-identity", "", "", "eu-west-3", "", Map.of("AWS_ROLE_ARN", "r"), HTTP));
        assertTrue(missing.getMessage().contains("AWS_WEB_IDENTITY_TOKEN_FILE"), missing.getMessage());
        // nothing listens there from the tests: the failure names the endpoint it tried
        Provider aws = S3Credentials.of("web-identity", "", "", "eu-west-3", "",
                Map.of("AWS_ROLE_ARN", "r", "AWS_WEB_IDENTITY_TOKEN_FILE", "/nonexistent/token"), HTTP);
        RuntimeException failed = assertThrows(RuntimeException.class, aws::fetch);
        assertTrue(failed.getMessage().contains("https://sts.eu-west-3.amazonaws.com"), failed.getMessage());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }
}
