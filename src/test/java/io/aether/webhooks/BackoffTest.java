package io.aether.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import java.util.Random;

import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final long HOUR = 3_600_000;
    private final Backoff backoff = new Backoff(30_000, HOUR, 24 * HOUR);

    @Test
    void theCeilingDoublesUpToTheCap() {
        assertEquals(30_000, backoff.ceiling(1));
        assertEquals(60_000, backoff.ceiling(2));
        assertEquals(120_000, backoff.ceiling(3));
        assertEquals(1_920_000, backoff.ceiling(7));
        assertEquals(HOUR, backoff.ceiling(8));
        assertEquals(HOUR, backoff.ceiling(1000), "no overflow however many attempts");
    }

    @Test
    void eachDelayLiesBetweenHalfItsCeilingAndTheCeiling() {
        Random random = new Random(7);
        for (int failed = 1; failed < 40; failed++) {
            for (int i = 0; i < 50; i++) {
                long delay = backoff.next(0, failed, 1000, random::nextDouble).orElseThrow() - 1000;
                assertTrue(delay >= backoff.ceiling(failed) / 2 && delay <= backoff.ceiling(failed),
                        failed + " failed: " + delay);
            }
        }
        assertEquals(1000 + 15_000, backoff.next(0, 1, 1000, () -> 0.0).orElseThrow());
        assertTrue(backoff.next(0, 1, 1000, () -> 0.999_999).orElseThrow() <= 1000 + 30_000);
    }

    @Test
    void retriesStopOnceTheNextAttemptWouldFallPastTwentyFourHours() {
        long created = 5_000;
        long now = created;
        int attempts = 0;
        OptionalLong next = OptionalLong.of(now);
        while (next.isPresent()) {
            now = next.getAsLong();
            attempts++;
            next = backoff.next(created, attempts, now, () -> 0.999_999_999);
        }
        assertTrue(now <= created + 24 * HOUR && now > created + 23 * HOUR, "last attempt within the last hour: " + now);
        // the first, then after 30 s, 1, 2, 4, 8, 16, 32 min (63.5 min in all), then hourly: 1 + 7 + 22
        assertEquals(30, attempts);
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(10, 5, 10));
    }
}
