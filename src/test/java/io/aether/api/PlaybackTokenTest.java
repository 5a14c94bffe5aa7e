package io.aether.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class PlaybackTokenTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final String ID = "0b7c0d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e";
    private static final String OTHER = "0b7c0d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5f";
    private final PlaybackToken tokens = new PlaybackToken(SECRET);

    @Test
    void aTokenPlaysItsVideoUntilItExpires() {
        String token = tokens.sign(ID, 1000);
        assertTrue(token.matches("1000\\.[A-Za-z0-9_-]{43}"), token);
        assertTrue(tokens.valid(token, ID, 0));
        assertTrue(tokens.valid(token, ID, 999));
        assertFalse(tokens.valid(token, ID, 1000), "expired at its expiry");
        assertFalse(tokens.valid(token, ID, 5000));
    }

    @Test
    void aTokenForAnotherVideoIsRefused() {
        assertFalse(tokens.valid(tokens.sign(OTHER, 1000), ID, 0));
    }

    @Test
    void aLaterExpiryWithTheSameSignatureIsRefused() {
        String token = tokens.sign(ID, 1000);
        assertFalse(tokens.valid("9999" + token.substring(4), ID, 0));
    }

    @Test
    void everyChangedCharacterOfTheSignatureIsRefused() {
        // the comparison is MessageDigest.isEqual, which looks at every byte whatever the first difference;
        // what a test can check is that no single difference, first byte or last, slips through
        String token = tokens.sign(ID, 1000);
        int start = token.indexOf('.') + 1;
        for (int i = start; i < token.length(); i++) {
            char c = token.charAt(i);
            String changed = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
            assertFalse(tokens.valid(changed, ID, 0), "changed at " + i + ": " + changed);
        }
    }

    @Test
    void anotherSecretsTokenIsRefused() {
        PlaybackToken other = new PlaybackToken("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));
        assertFalse(tokens.valid(other.sign(ID, 1000), ID, 0));
    }

    @Test
    void malformedTokensAreRefused() {
        for (String token : new String[] {"", ".", "1000", "1000.", "abc.def", "1000." + "A".repeat(42),
                "1000." + "A".repeat(44), "-5." + "A".repeat(43), "1000.+/==" + "A".repeat(39)}) {
            assertFalse(tokens.valid(token, ID, 0), token);
        }
        assertFalse(tokens.valid(null, ID, 0));
        assertFalse(tokens.valid(tokens.sign(ID, 1000), null, 0));
    }

    @Test
    void aShortSecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PlaybackToken("short".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void urlsAreSignedWithARoundedExpiryAndPublicOnesAreNot() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_000_010), ZoneOffset.UTC);
        PlaybackUrls urls = new PlaybackUrls("http://api", "", 3600, tokens, clock);
        String url = urls.playlistUrl(ID, false);
        String token = tokens.sign(ID, 1_003_620);
        assertEquals("http://api/hls/" + token + "/" + ID + "/master.m3u8", url);
        assertTrue(urls.allows(token, ID));
        assertEquals("http://api/hls/" + ID + "/master.m3u8", urls.playlistUrl(ID, true));
        PlaybackUrls cdn = new PlaybackUrls("http://api", "https://cdn.example/processed", 3600, tokens, clock);
        assertEquals("https://cdn.example/processed/" + ID + "/master.m3u8", cdn.playlistUrl(ID, true));
    }
}
