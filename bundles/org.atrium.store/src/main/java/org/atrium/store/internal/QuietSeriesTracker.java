package org.atrium.store.internal;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Remembers when each series last received an instance and reports a series once nothing has
 * arrived for the quiet period: the moment indexers and workflows can treat it as complete.
 */
final class QuietSeriesTracker implements AutoCloseable {

    /** Told about each series that has gone quiet. */
    interface Listener {
        void quiet(String seriesUid, String studyUid);
    }

    private record Activity(String studyUid, long lastNanos) {}

    private final Map<String, Activity> active = new ConcurrentHashMap<>();
    private final long quietNanos;
    private final LongSupplier clock;
    private final Listener listener;
    private final ScheduledExecutorService timer;

    QuietSeriesTracker(Duration quietPeriod, Listener listener) {
        this(quietPeriod, listener, System::nanoTime, true);
    }

    QuietSeriesTracker(Duration quietPeriod, Listener listener, LongSupplier clock, boolean schedule) {
        this.quietNanos = quietPeriod.toNanos();
        this.listener = listener;
        this.clock = clock;
        if (schedule) {
            this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "atrium-store-quiet-series");
                thread.setDaemon(true);
                return thread;
            });
            long period = Math.max(100, Math.min(1000, quietPeriod.toMillis() / 4));
            timer.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
        } else {
            this.timer = null;
        }
    }

    void touch(String seriesUid, String studyUid) {
        active.put(seriesUid, new Activity(studyUid, clock.getAsLong()));
    }

    /** Reports and forgets every series quiet for long enough. */
    void sweep() {
        long now = clock.getAsLong();
        for (Iterator<Map.Entry<String, Activity>> it = active.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Activity> entry = it.next();
            if (now - entry.getValue().lastNanos() >= quietNanos && active.remove(entry.getKey(), entry.getValue())) {
                try {
                    listener.quiet(entry.getKey(), entry.getValue().studyUid());
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(QuietSeriesTracker.class)
                            .warn("Quiet-series listener failed for {}: {}", entry.getKey(), e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
