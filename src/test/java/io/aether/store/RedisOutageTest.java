package io.aether.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;

class RedisOutageTest {
    @Test
    void aFailoverOrAnOutageIsTransientAWrongCommandIsNot() {
        assertTrue(RedisOutage.in(new RedisCommandTimeoutException("Command timed out after 2 second(s)")));
        assertTrue(RedisOutage.in(new RedisConnectionException("Unable to connect to 127.0.0.1:6379")));
        assertTrue(RedisOutage.in(new RedisCommandExecutionException(
                "READONLY You can't write against a read only replica.")));
        assertTrue(RedisOutage.in(new RedisCommandExecutionException("LOADING Redis is loading the dataset in memory")));
        assertTrue(RedisOutage.in(new RedisCommandExecutionException(
                "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.")));
        assertTrue(RedisOutage.in(new RedisCommandExecutionException("NOREPLICAS Not enough good replicas to write.")));
        assertTrue(RedisOutage.in(new UncheckedIOException(new IOException("wrapped",
                new RedisCommandExecutionException("READONLY You can't write against a read only replica.")))));

        assertFalse(RedisOutage.in(new RedisCommandExecutionException("WRONGTYPE Operation against a key")));
        assertFalse(RedisOutage.in(new RedisCommandExecutionException("ERR Error running script")));
        assertFalse(RedisOutage.in(new IllegalStateException("READONLY but not from Redis")));
        assertFalse(RedisOutage.in((Throwable) null));
    }

    @Test
    void retryWaitsOutAnOutageButNotAnError() {
        AtomicInteger calls = new AtomicInteger();
        assertEquals("done", RedisOutage.retry(5000, () -> {
            if (calls.incrementAndGet() < 3) {
                throw new RedisCommandExecutionException("READONLY You can't write against a read only replica.");
            }
            return "done";
        }));
        assertEquals(3, calls.get());

        RuntimeException wrong = new RedisCommandExecutionException("WRONGTYPE Operation against a key");
        calls.set(0);
        assertSame(wrong, assertThrows(RuntimeException.class, () -> RedisOutage.retry(5000, () -> {
            calls.incrementAndGet();
            throw wrong;
        })));
        assertEquals(1, calls.get(), "a real error is not tried again");

        long start = System.nanoTime();
        assertThrows(RedisCommandTimeoutException.class, () -> RedisOutage.retry(1200, () -> {
            throw new RedisCommandTimeoutException("Command timed out");
        }));
        assertTrue(System.nanoTime() - start < 3_000_000_000L, "gives up at its bound");
    }
}
