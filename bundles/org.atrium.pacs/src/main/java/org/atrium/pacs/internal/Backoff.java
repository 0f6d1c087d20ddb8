package org.atrium.pacs.internal;

import java.time.Duration;

/** Exponential backoff: {@code initial}, twice that, four times, ... never more than {@code max}. */
record Backoff(Duration initial, Duration max) {

    Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max: " + initial + ", " + max);
        }
    }

    /** The wait after failed attempt number {@code attempt} (1 = the first). */
    Duration delay(int attempt) {
        int doublings = Math.max(0, attempt - 1);
        if (doublings >= 62 || initial.toMillis() > (max.toMillis() >> Math.min(doublings, 62))) {
            return max;
        }
        Duration delay = initial.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
