package org.atrium.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QuietSeriesTrackerTest {

    @Test
    void reportsASeriesOnceAfterTheQuietPeriod() {
        AtomicLong now = new AtomicLong();
        List<String> quiet = new ArrayList<>();
        QuietSeriesTracker tracker =
                new QuietSeriesTracker(Duration.ofSeconds(10), (series, study) -> quiet.add(series), now::get, false);

        tracker.touch("1.2.1", "1.2");
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        tracker.touch("1.2.1", "1.2");
        tracker.touch("1.2.2", "1.2");
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        tracker.sweep();
        assertEquals(List.of(), quiet, "both series had an instance less than 10 s ago");

        now.addAndGet(Duration.ofSeconds(5).toNanos());
        tracker.sweep();
        tracker.sweep();
        assertEquals(2, quiet.size());
    }
}
