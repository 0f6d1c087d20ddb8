package org.atrium.pacs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(10));

    @Test
    void doublesFromTheInitialDelay() {
        assertEquals(Duration.ofSeconds(5), backoff.delay(1));
        assertEquals(Duration.ofSeconds(10), backoff.delay(2));
        assertEquals(Duration.ofSeconds(20), backoff.delay(3));
        assertEquals(Duration.ofSeconds(320), backoff.delay(7));
    }

    @Test
    void neverMoreThanTheMaximumEvenForHugeAttemptCounts() {
        assertEquals(Duration.ofMinutes(10), backoff.delay(8));
        assertEquals(Duration.ofMinutes(10), backoff.delay(63));
        assertEquals(Duration.ofMinutes(10), backoff.delay(64));
        assertEquals(Duration.ofMinutes(10), backoff.delay(Integer.MAX_VALUE));
    }

    @Test
    void attemptZeroOrLessIsTheInitialDelay() {
        assertEquals(Duration.ofSeconds(5), backoff.delay(0));
        assertEquals(Duration.ofSeconds(5), backoff.delay(-3));
    }

    @Test
    void refusesAMaximumBelowTheInitialDelay() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
    }
}
