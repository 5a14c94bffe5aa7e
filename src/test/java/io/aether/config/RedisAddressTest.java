package io.aether.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;

class RedisAddressTest {
    private static final Duration TIMEOUT = Duration.ofMillis(1500);

    @Test
    void readsEveryFormLettuceSpeaks() {
        RedisURI tls = RedisAddress.parse("rediss://:pw-1@cache.internal:6380/2", "", TIMEOUT);
        assertTrue(tls.isSsl());
        assertEquals("pw-1", new String(tls.getPassword()));
        assertEquals(2, tls.getDatabase());
        assertEquals(TIMEOUT, tls.getTimeout());

        RedisURI user = RedisAddress.parse("redis://aether:pw-2@cache", "", TIMEOUT);
        assertEquals("aether", user.getUsername());
        assertEquals(6379, user.getPort());

        RedisURI sentinel = RedisAddress.parse("redis-sentinel://pw-3@s1:26379,s2:26380/1#mymaster", "", TIMEOUT);
        assertEquals("mymaster", sentinel.getSentinelMasterId());
        assertEquals(1, sentinel.getDatabase());
        assertEquals(2, sentinel.getSentinels().size());
        assertEquals(26380, sentinel.getSentinels().get(1).getPort());
        assertEquals("pw-3", new String(sentinel.getPassword()));
    }

    @Test
    void sentinelsGetTheirOwnPasswordAndTheBoundNeverTheDataNodesPassword() {
        RedisURI without = RedisAddress.parse("redis-sentinel://data-pw@s1:26379#m", "", TIMEOUT);
        assertNull(without.getSentinels().get(0).getPassword(), "the data nodes' password is not the Sentinels'");
        RedisURI with = RedisAddress.parse("redis-sentinel://data-pw@s1:26379,s2:26379#m", "sentinel-pw", TIMEOUT);
        for (RedisURI sentinel : with.getSentinels()) {
            assertEquals("sentinel-pw", new String(sentinel.getPassword()));
            assertEquals(TIMEOUT, sentinel.getTimeout(), "asking a Sentinel is bounded like any command");
        }
    }

    @Test
    void aPasswordNeverShowsInWhatIsLoggedOrThrown() {
        RedisURI uri = RedisAddress.parse("redis-sentinel://user:hunter2@s1:26379#m", "", TIMEOUT);
        assertFalse(RedisAddress.redacted(uri).contains("hunter2"), RedisAddress.redacted(uri));
        assertTrue(RedisAddress.redacted(uri).startsWith("redis-sentinel://***@s1?sentinelMasterId=m"),
                RedisAddress.redacted(uri));
        for (String bad : new String[] {"http://:hunter2@host",
                "redis-sentinel://hunter2@s1:26379", "redis://:hunter2@ho st", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RedisAddress.parse(bad, "", TIMEOUT), bad);
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
            assertNull(e.getCause(), "a cause's message could quote the URL");
            assertTrue(e.getMessage().contains("AETHER_REDIS_URL"), e.getMessage());
        }
    }
}
