package org.atrium.pacs.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.atrium.store.Datasets;
import org.atrium.store.InstanceRecord;
import org.atrium.store.ResearchStore;
import org.atrium.store.StoreEvents;
import org.atrium.store.StoreException;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One forwarding rule (files {@code etc/org.atrium.pacs.forward-<name>.cfg}): every object the
 * store takes in that matches goes into the forwarding queue for the destination.
 *
 * <p>Store events arrive after the store has committed, and are lost when the platform stops in
 * between. So the rule also reads the store itself, by the time objects were stored: at start and
 * then every {@code catchUpSeconds}, from a little before where it read last (a persisted mark) —
 * a little before, because an object's time is taken before its transaction commits. What it has
 * queued is remembered per object and time stored, in the transaction that queues it, so an object
 * seen both ways, or again after a restart, is queued once. A rule met for the first time starts
 * at that moment: it does not forward what the store held before it existed.
 */
@Component(
        configurationPid = ForwardRule.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = EventConstants.EVENT_TOPIC + "=" + StoreEvents.INSTANCE_STORED)
@Designate(ocd = ForwardRuleConfig.class, factory = true)
public final class ForwardRule implements EventHandler {

    public static final String FACTORY_PID = "org.atrium.pacs.forward";
    /** Longer than any store transaction takes from taking an object's time to committing it. */
    static final Duration OVERLAP = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(ForwardRule.class);
    private static final int PAGE = 500;

    private final ForwardingEngine engine;
    private final ResearchStore store;
    private final Datasets datasets;
    private final ForwardRuleConfig config;
    private final String name;
    /** Serializes queueing from events and from catch-ups, and the moving of the mark. */
    private final Object lock = new Object();

    private final ScheduledExecutorService scanner;
    /** When the rule was first met: nothing stored before counts. */
    private final long createdAt;

    private volatile long mark;
    private volatile boolean stopped;

    @Activate
    public ForwardRule(
            @Reference ForwardingEngine engine,
            @Reference ResearchStore store,
            @Reference Datasets datasets,
            ForwardRuleConfig config,
            Map<String, Object> properties)
            throws SQLException {
        this.engine = engine;
        this.store = store;
        this.datasets = datasets;
        this.config = config;
        this.name = name(properties, config);
        PacsTables.RuleMark ruleMark = engine.ruleMark(name, System.currentTimeMillis());
        this.createdAt = ruleMark.createdAt();
        this.mark = ruleMark.scannedTo();
        this.scanner = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "atrium-forward-" + name);
            thread.setDaemon(true);
            return thread;
        });
        scanner.scheduleWithFixedDelay(this::catchUpQuietly, 0, Math.max(1, config.catchUpSeconds()), TimeUnit.SECONDS);
    }

    /**
     * The rule's name, which keys its mark and so must stay the same across restarts: the name of
     * its factory configuration ({@code org.atrium.pacs.forward~results}, file
     * {@code org.atrium.pacs.forward-results.cfg}), else what it forwards.
     */
    static String name(Map<String, Object> properties, ForwardRuleConfig config) {
        Object pid = properties.get("service.pid");
        if (pid != null && pid.toString().startsWith(FACTORY_PID + "~")) {
            return "rule:" + pid.toString().substring(FACTORY_PID.length() + 1);
        }
        Object file = properties.get("felix.fileinstall.filename");
        String prefix = FACTORY_PID + "-";
        if (file != null) {
            String fileName = file.toString().substring(file.toString().lastIndexOf('/') + 1);
            if (fileName.startsWith(prefix) && fileName.endsWith(".cfg")) {
                return "rule:" + fileName.substring(prefix.length(), fileName.length() - 4);
            }
        }
        return "rule:" + config.destination() + "|" + config.sourcePrefix() + "|" + config.datasetId();
    }

    /** Stops catching up; a rule whose configuration was deleted forgets its mark too. */
    @Deactivate
    void deactivate(int reason) throws InterruptedException {
        stopped = true;
        // Not interrupted: an embedded database may close its file under an interrupted thread.
        scanner.shutdown();
        if (!scanner.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("{}: catch-up still running at stop", name);
        }
        if (reason == ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED) {
            try {
                engine.forgetRule(name);
            } catch (SQLException e) {
                LOG.warn("{}: cannot forget the deleted rule's mark: {}", name, e.getMessage());
            }
        }
    }

    /** Waits for the catch-up in progress or due now (tests). */
    void awaitIdle() throws InterruptedException, java.util.concurrent.ExecutionException {
        scanner.submit(() -> {}).get();
    }

    static boolean matches(String source, String prefix) {
        return prefix == null || prefix.isEmpty() || (source != null && source.startsWith(prefix));
    }

    @Override
    public void handleEvent(Event event) {
        String sop = (String) event.getProperty(StoreEvents.SOP_INSTANCE_UID);
        String source = (String) event.getProperty(StoreEvents.SOURCE);
        String series = (String) event.getProperty(StoreEvents.SERIES_INSTANCE_UID);
        if (sop == null || !matches(source, config.sourcePrefix())) {
            return;
        }
        try {
            if (config.datasetId() >= 0 && !datasets.series(config.datasetId()).contains(series)) {
                return;
            }
            long receivedAt = event.getProperty(StoreEvents.RECEIVED_AT) instanceof Long at
                    ? at
                    : store.instance(sop)
                            .map(r -> r.receivedAt().toEpochMilli())
                            .orElse(-1L);
            if (receivedAt < 0) {
                return; // deleted meanwhile
            }
            synchronized (lock) {
                if (receivedAt < createdAt) {
                    return; // stored before the rule existed
                }
                if (receivedAt < mark - OVERLAP.toMillis()) {
                    return; // a catch-up has read that far, and queued it
                }
                engine.enqueueForRule(name, config.destination(), List.of(new PacsTables.Received(sop, receivedAt)));
            }
        } catch (StoreException | SQLException | RuntimeException e) {
            // The next catch-up queues it.
            LOG.warn("{}: cannot queue {} for {} now: {}", name, sop, config.destination(), e.getMessage());
        }
    }

    private void catchUpQuietly() {
        try {
            catchUp();
        } catch (StoreException | SQLException | RuntimeException e) {
            LOG.warn("{}: catching up with the store failed (tried again later): {}", name, e.toString());
        }
    }

    /**
     * Queues the matching objects stored since a little before the mark that are not queued yet,
     * then moves the mark to when this pass began. Returns how many it queued.
     */
    int catchUp() throws StoreException, SQLException {
        long started = System.currentTimeMillis();
        Set<String> series = config.datasetId() >= 0 ? new HashSet<>(datasets.series(config.datasetId())) : null;
        Instant since = Instant.ofEpochMilli(Math.max(createdAt, mark - OVERLAP.toMillis()));
        String afterUid = null;
        int queued = 0;
        while (!stopped) {
            List<InstanceRecord> page = store.receivedSince(since, afterUid, PAGE);
            List<PacsTables.Received> matching = new ArrayList<>();
            for (InstanceRecord instance : page) {
                if (matches(instance.source(), config.sourcePrefix())
                        && (series == null || series.contains(instance.seriesInstanceUid()))) {
                    matching.add(new PacsTables.Received(
                            instance.sopInstanceUid(), instance.receivedAt().toEpochMilli()));
                }
            }
            if (!matching.isEmpty()) {
                synchronized (lock) {
                    queued += engine.enqueueForRule(name, config.destination(), matching);
                }
            }
            if (page.size() < PAGE) {
                synchronized (lock) {
                    engine.ruleScanned(name, started, started - OVERLAP.toMillis());
                    mark = started;
                }
                break;
            }
            InstanceRecord last = page.get(page.size() - 1);
            since = last.receivedAt();
            afterUid = last.sopInstanceUid();
        }
        if (queued > 0) {
            LOG.info(
                    "{}: queued {} objects for {} that were stored without being queued",
                    name,
                    queued,
                    config.destination());
        }
        return queued;
    }
}
