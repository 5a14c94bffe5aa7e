package io.aether.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SignerTest {

    @Test
    void signsTheTimestampAndBodyWithHmacSha256() {
        // computed independently: python3 -c "import hmac,hashlib; print(hmac.new(b'whsec_test',
        //   b'1700000000.{\"id\":\"evt_1\"}', hashlib.sha256).hexdigest())"
        assertEquals("t=1700000000,v1=c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925",
                Signer.header("whsec_test", 1700000000L, "{\"id\":\"evt_1\"}"));
    }

    @Test
    void anotherTimeBodyOrSecretSignsDifferently() {
        String base = Signer.header("whsec_a", 100, "{}");
        assertNotEquals(v1(base), v1(Signer.header("whsec_a", 101, "{}")), "the timestamp is signed");
        assertNotEquals(base, Signer.header("whsec_a", 100, "{ }"));
        assertNotEquals(base, Signer.header("whsec_b", 100, "{}"));
    }

    @Test
    void secretsAreRandomAndLongEnough() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String secret = Signer.newSecret();
            assertTrue(secret.startsWith("whsec_"));
            assertEquals(6 + 43, secret.length(), "32 bytes in unpadded base64url");
            assertTrue(seen.add(secret));
        }
    }

    private static String v1(String header) {
        return header.substring(header.indexOf(",v1=") + 4);
    }
}
