package org.atrium.pacs.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.atrium.dicom.DicomClient;
import org.atrium.dicom.DicomClient.FileResult;
import org.atrium.dicom.DicomClient.StoreReport;
import org.atrium.dicom.DicomException;
import org.atrium.dicom.DicomNode;
import org.atrium.dicom.Status;
import org.atrium.dicom.net.DicomNodes;
import org.atrium.dicom.net.RemoteNode;
import org.atrium.pacs.ForwardItem;
import org.atrium.pacs.Forwarding;
import org.atrium.store.Dataset;
import org.atrium.store.Datasets;
import org.atrium.store.InstanceRecord;
import org.atrium.store.ResearchStore;
import org.atrium.store.StoreException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forwarding queue and its sender: one thread takes due entries, oldest first, in batches per
 * node, and sends each batch over one association. Sent entries are deleted; an unreachable node
 * postpones the batch with exponential backoff and never fails it; an object the node refuses
 * counts an attempt and is listed as failed after {@code maxAttempts}.
 */
@Component(
        service = {Forwarding.class, ForwardingEngine.class},
        configurationPid = ForwardingEngine.PID,
        immediate = true)
@Designate(ocd = ForwardingConfig.class)
public final class ForwardingEngine implements Forwarding {

    public static final String PID = "org.atrium.pacs.forwarding";
    private static final Logger LOG = LoggerFactory.getLogger(ForwardingEngine.class);

    private final PacsTables tables;
    private final DicomClient client;
    private final DicomNodes nodes;
    private final ResearchStore store;
    private final Datasets datasets;
    private final Thread sender;
    private final Object wakeUp = new Object();
    private volatile boolean stopped;
    private volatile ForwardingConfig config;
    private volatile Backoff backoff;

    @Activate
    public ForwardingEngine(
            @Reference(target = "(atrium.db=store)") DataSource dataSource,
            @Reference DicomClient client,
            @Reference DicomNodes nodes,
            @Reference ResearchStore store,
            @Reference Datasets datasets,
            ForwardingConfig config)
            throws SQLException {
        this.tables = new PacsTables(dataSource);
        this.client = client;
        this.nodes = nodes;
        this.store = store;
        this.datasets = datasets;
        modified(config);
        this.sender = new Thread(this::sendLoop, "atrium-pacs-forward");
        sender.setDaemon(true);
        sender.start();
    }

    @Modified
    void modified(ForwardingConfig config) {
        this.backoff = new Backoff(
                Duration.ofSeconds(Math.max(1, config.retryInitialSeconds())),
                Duration.ofSeconds(Math.max(config.retryInitialSeconds(), config.retryMaxSeconds())));
        this.config = config;
        wake();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stopped = true;
        wake();
        sender.join(10_000);
    }

    private void wake() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private void sendLoop() {
        while (!stopped) {
            boolean sentSome = false;
            try {
                sentSome = sendDue();
            } catch (SQLException | RuntimeException e) {
                LOG.warn("forwarding: {}", e.toString(), e);
            }
            if (!sentSome) {
                synchronized (wakeUp) {
                    try {
                        wakeUp.wait(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    /** Sends one batch per node that has due entries; true when anything was attempted. */
    boolean sendDue() throws SQLException {
        int batch = Math.max(1, config.batchSize());
        List<ForwardItem> due = tables.dueForwards(System.currentTimeMillis(), batch * 4);
        if (due.isEmpty()) {
            return false;
        }
        Map<String, List<ForwardItem>> byNode = new LinkedHashMap<>();
        for (ForwardItem item : due) {
            List<ForwardItem> list = byNode.computeIfAbsent(item.node(), n -> new ArrayList<>());
            if (list.size() < batch) {
                list.add(item);
            }
        }
        for (Map.Entry<String, List<ForwardItem>> entry : byNode.entrySet()) {
            if (stopped) {
                break;
            }
            send(entry.getKey(), entry.getValue());
        }
        return true;
    }

    private void send(String nodeName, List<ForwardItem> items) throws SQLException {
        Optional<RemoteNode> node = nodes.find(nodeName);
        if (node.isEmpty()) {
            postpone(items, "node '" + nodeName + "' is not configured (atrium:node-add); waiting");
            return;
        }
        DicomNode target = node.get().node();
        List<Path> paths = new ArrayList<>();
        List<ForwardItem> sending = new ArrayList<>();
        for (ForwardItem item : items) {
            Optional<InstanceRecord> instance = store.instance(item.sopInstanceUid());
            if (instance.isEmpty()) {
                tables.forwardFailed(
                        item.id(),
                        ForwardItem.State.FAILED,
                        item.attempts() + 1,
                        -1,
                        "not in the research store (deleted?)",
                        0);
                continue;
            }
            paths.add(store.file(instance.get()));
            sending.add(item);
        }
        if (sending.isEmpty()) {
            return;
        }
        StoreReport report;
        try {
            report = client.cstore(nodes.localAeTitle(), target, paths);
        } catch (IOException | DicomException e) {
            // Unreachable, rejected, no presentation context: nothing was sent; the objects wait.
            postpone(sending, e.getMessage());
            return;
        }
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < sending.size(); i++) {
            ForwardItem item = sending.get(i);
            FileResult result = report.results().get(i);
            if (!Status.isFailure(result.status())) {
                sent.add(item.id());
                continue;
            }
            int attempts = item.attempts() + 1;
            boolean lost = result.message() != null && result.message().startsWith("not sent");
            if (!lost && attempts >= Math.max(1, config.maxAttempts())) {
                LOG.warn("forwarding {} to {} failed for good: {}", item.sopInstanceUid(), nodeName, result.message());
                tables.forwardFailed(
                        item.id(), ForwardItem.State.FAILED, attempts, result.status(), result.message(), 0);
            } else {
                tables.forwardFailed(
                        item.id(),
                        ForwardItem.State.QUEUED,
                        attempts,
                        result.status(),
                        result.message(),
                        System.currentTimeMillis() + backoff.delay(attempts).toMillis());
            }
        }
        tables.forwarded(sent);
        LOG.debug("forwarded {} of {} objects to {}", sent.size(), sending.size(), nodeName);
    }

    private void postpone(List<ForwardItem> items, String why) throws SQLException {
        for (ForwardItem item : items) {
            int attempts = item.attempts() + 1;
            tables.forwardFailed(
                    item.id(),
                    ForwardItem.State.QUEUED,
                    attempts,
                    -1,
                    why,
                    System.currentTimeMillis() + backoff.delay(attempts).toMillis());
        }
        LOG.info("forwarding to {} postponed ({} objects): {}", items.get(0).node(), items.size(), why);
    }

    // ---- Forwarding

    private String requireNode(String node) {
        return nodes.find(node)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown node '" + node + "': add it with atrium:node-add or POST /api/v1/nodes"))
                .node()
                .name();
    }

    @Override
    public int enqueue(String node, Collection<String> sopInstanceUids, String source) {
        String name = requireNode(node);
        try {
            int added = tables.enqueue(name, sopInstanceUids, source == null ? "" : source);
            wake();
            return added;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot queue objects for " + node + ": " + e.getMessage(), e);
        }
    }

    // ---- forwarding rules

    /**
     * Queues objects a rule matched, each once per rule (see {@link PacsTables#enqueueForRule}). A
     * destination that is no configured node (yet) is queued under its name and waits for it.
     */
    int enqueueForRule(String rule, String destination, Collection<PacsTables.Received> objects) throws SQLException {
        String node = nodes.find(destination).map(n -> n.node().name()).orElse(destination);
        int added = tables.enqueueForRule(rule, node, objects);
        if (added > 0) {
            wake();
        }
        return added;
    }

    PacsTables.RuleMark ruleMark(String rule, long now) throws SQLException {
        return tables.ruleMark(rule, now);
    }

    void ruleScanned(String rule, long scannedTo, long forgetBefore) throws SQLException {
        tables.ruleScanned(rule, scannedTo, forgetBefore);
    }

    void forgetRule(String rule) throws SQLException {
        tables.forgetRule(rule);
    }

    @Override
    public int enqueueSeries(String node, String seriesInstanceUid, String source) {
        List<String> uids = store.instances(ResearchStore.Level.SERIES, seriesInstanceUid).stream()
                .map(InstanceRecord::sopInstanceUid)
                .toList();
        if (uids.isEmpty()) {
            throw new IllegalArgumentException("no series " + seriesInstanceUid + " in the research store");
        }
        return enqueue(node, uids, source);
    }

    @Override
    public int enqueueDataset(String node, long datasetId, String source) {
        requireNode(node);
        try {
            Dataset dataset =
                    datasets.get(datasetId).orElseThrow(() -> new IllegalArgumentException("no dataset " + datasetId));
            if (dataset.savedQuery()) {
                throw new IllegalArgumentException("dataset " + datasetId
                        + " is a saved query; forward a dataset of explicit series (or its series one by one)");
            }
            List<String> uids = new ArrayList<>();
            for (String series : datasets.series(datasetId)) {
                store.instances(ResearchStore.Level.SERIES, series).forEach(i -> uids.add(i.sopInstanceUid()));
            }
            return enqueue(node, uids, source);
        } catch (StoreException e) {
            throw new IllegalStateException("cannot read dataset " + datasetId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<ForwardItem> queue(int limit) {
        try {
            return tables.forwards(ForwardItem.State.QUEUED, Math.max(1, limit));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the forwarding queue: " + e.getMessage(), e);
        }
    }

    @Override
    public List<ForwardItem> failed(int limit) {
        try {
            return tables.forwards(ForwardItem.State.FAILED, Math.max(1, limit));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the forwarding failures: " + e.getMessage(), e);
        }
    }

    @Override
    public int retry(Collection<Long> ids) {
        try {
            int n = tables.retryForwards(ids);
            wake();
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot retry: " + e.getMessage(), e);
        }
    }
}
