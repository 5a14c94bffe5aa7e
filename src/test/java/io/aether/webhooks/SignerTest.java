package io.aether.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SignerTest {
    /** A secret as the first scheme made them: 32 bytes in unpadded base64url. */
    private static final Signer.Secret LEGACY = new Signer.Secret("whsec_yMnKy8zNzs_Q0dLT1NXW19jZ2tvc3d7f4OHi4-Tl5uc");

    @Test
    void signsTheSpecificationsExample() {
        // the example of the Standard Webhooks specification, also what its Python and JavaScript
        // libraries compute for it
        Map<String, String> headers = Signer.headers("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L,
                "{\"test\": 2432232314}", List.of(new Signer.Secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")));
        assertEquals(Map.of("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp", "1614265330",
                "webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="), headers);
    }

    @Test
    void twoSecretsGiveTwoEntriesTheCurrentFirst() {
        Signer.Secret current = Signer.newSecret();
        Signer.Secret previous = Signer.newSecret();
        String both = Signer.headers("evt_1", 100, "{}", List.of(current, previous)).get("webhook-signature");
        String[] entries = both.split(" ");
        assertEquals(2, entries.length, both);
        assertEquals(Signer.headers("evt_1", 100, "{}", List.of(current)).get("webhook-signature"), entries[0]);
        assertEquals(Signer.headers("evt_1", 100, "{}", List.of(previous)).get("webhook-signature"), entries[1]);
    }

    @Test
    void theIdTimeBodyAndSecretAreAllSigned() {
        Signer.Secret secret = Signer.newSecret();
        String base = signature("evt_1", 100, "{}", secret);
        assertNotEquals(base, signature("evt_2", 100, "{}", secret));
        assertNotEquals(base, signature("evt_1", 101, "{}", secret));
        assertNotEquals(base, signature("evt_1", 100, "{ }", secret));
        assertNotEquals(base, signature("evt_1", 100, "{}", Signer.newSecret()));
    }

    @Test
    void aLegacySecretAlsoSignsTheFirstSchemesHeaderAndItsUtf8TextIsTheStandardKey() {
        assertTrue(LEGACY.legacy());
        Map<String, String> headers = Signer.headers("evt_1", 1700000000L, "{\"id\":\"evt_1\"}", List.of(LEGACY));
        // computed independently: hmac.new(secret.encode(), b'1700000000.' + body, sha256).hexdigest(), and
        // Webhook(secret.encode()).sign(...) of the standardwebhooks package, which takes bytes as the raw key
        assertEquals("t=1700000000,v1=868a5d40bf7aad4cd44a2f3e5333bd292ddbbc1ddeaae055c211b3390dd62acb",
                headers.get("Aether-Signature"));
        assertEquals("evt_1", headers.get("Aether-Event-Id"));
        assertEquals("v1,rq5kSkopJFLapU+uUkPjYu/IOhgEUb44kbLjghI7s00=", headers.get("webhook-signature"));

        // rotated away from it: both standard entries, and the old header for the old secret only
        Map<String, String> rotating = Signer.headers("evt_1", 1700000000L, "{\"id\":\"evt_1\"}",
                List.of(Signer.newSecret(), LEGACY));
        assertEquals(headers.get("Aether-Signature"), rotating.get("Aether-Signature"));
        assertTrue(rotating.get("webhook-signature").endsWith(" " + headers.get("webhook-signature")));
    }

    @Test
    void standardSecretsSendNoLegacyHeader() {
        Map<String, String> headers = Signer.headers("evt_1", 100, "{}", List.of(Signer.newSecret()));
        assertEquals(Set.of("webhook-id", "webhook-timestamp", "webhook-signature"), headers.keySet());
    }

    @Test
    void newSecretsAreStandardRandomAndLongEnough() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Signer.Secret secret = Signer.newSecret();
            assertTrue(secret.value().startsWith("whsec_"));
            assertEquals(32, Base64.getDecoder().decode(secret.value().substring(6)).length);
            assertFalse(secret.legacy(), secret.value());
            assertTrue(seen.add(secret.value()));
            assertFalse(secret.toString().contains(secret.value().substring(6)), "never printed");
        }
    }

    private static String signature(String id, long at, String body, Signer.Secret secret) {
        return Signer.headers(id, at, body, List.of(secret)).get("webhook-signature");
    }
}
