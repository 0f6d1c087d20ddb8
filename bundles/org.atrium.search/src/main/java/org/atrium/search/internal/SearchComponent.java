package org.atrium.search.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.impl.HttpJdkSolrClient;
import org.atrium.core.health.Health;
import org.atrium.core.health.HealthCheck;
import org.atrium.dicom.DicomFiles;
import org.atrium.search.FacetRequest;
import org.atrium.search.FacetResult;
import org.atrium.search.MetadataSearch;
import org.atrium.search.SearchException;
import org.atrium.search.SearchRequest;
import org.atrium.search.SearchResult;
import org.atrium.search.internal.sidecar.SolrEndpoint;
import org.atrium.store.ResearchStore;
import org.atrium.store.StoreEvents;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metadata search: takes the store's events into the outbox, drains it into Solr, answers
 * searches, and reports its health. Works without Solr (the outbox grows, searches answer
 * UNAVAILABLE); a Solr client exists exactly while a {@link SolrEndpoint} service does.
 */
@Component(
        service = {MetadataSearch.class, HealthCheck.class, EventHandler.class, SearchIndex.class},
        configurationPid = SearchConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = EventConstants.EVENT_TOPIC + "=" + StoreEvents.TOPIC_PREFIX + "*")
@Designate(ocd = SearchConfig.class)
public final class SearchComponent implements MetadataSearch, HealthCheck, EventHandler, SearchIndex {

    private static final Logger LOG = LoggerFactory.getLogger(SearchComponent.class);

    private final Outbox outbox;
    private final Indexer indexer;
    private final SolrSearch search;
    private final int requestTimeoutMs;
    static final int SETUP_TIMEOUT_MS = 180_000;
    static final Duration ZK_SESSION_TIMEOUT = Duration.ofSeconds(30);

    private volatile SolrTarget target;
    private volatile SolrTarget pending; // the endpoint's client while its collection is prepared
    private volatile String setupError;
    private Thread preparation; // guarded by this
    private ExecutorService clientExecutor; // guarded by this
    private ZkLiveNodes liveNodes; // guarded by this; while the endpoint names ZooKeeper hosts

    @Activate
    public SearchComponent(@Reference ResearchStore store, @Reference DicomFiles dicom, SearchConfig config)
            throws IOException {
        this.requestTimeoutMs = Math.max(1000, config.requestTimeoutMs());
        Path directory = config.outboxDirectory().isBlank() ? defaultOutbox() : Paths.get(config.outboxDirectory());
        this.outbox = new Outbox(directory);
        this.indexer = new Indexer(store, dicom, outbox, () -> target, config.batchSize(), config.commitWithinMs());
        this.search = new SolrSearch(new Fields(keyword -> dicom.tagOf(keyword) != -1), () -> target);
        indexer.start();
        LOG.info("Search outbox at {} with {} studies waiting", directory.toAbsolutePath(), outbox.backlog());
    }

    static Path defaultOutbox() {
        String data = System.getProperty("atrium.data");
        return data == null || data.isBlank()
                ? Paths.get(System.getProperty("karaf.data", "data"), "atrium", "search", "outbox")
                : Paths.get(data, "search", "outbox");
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindEndpoint(SolrEndpoint endpoint) {
        closeClient();
        // Our own daemon threads: the client's default executor would keep a stopping JVM alive.
        clientExecutor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "atrium-search-solr-client");
            thread.setDaemon(true);
            return thread;
        });
        NodesClient client =
                new NodesClient(endpoint.baseUrls(), endpoint.collection(), url -> client(url, requestTimeoutMs));
        SolrTarget candidate = new SolrTarget(client, endpoint.collection());
        pending = candidate;
        // Network calls (and creating a SolrCloud collection) stay off the DS thread.
        preparation = new Thread(() -> prepare(endpoint, candidate), "atrium-search-solr-setup");
        preparation.setDaemon(true);
        preparation.start();
    }

    private HttpJdkSolrClient client(String baseUrl, int timeoutMs) {
        return new HttpJdkSolrClient.Builder(baseUrl)
                .withExecutor(clientExecutor)
                .withConnectionTimeout(5, TimeUnit.SECONDS)
                .withRequestTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .withIdleTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .useHttp1_1(true)
                .build();
    }

    /**
     * Makes sure the collection exists (creating it on a SolrCloud that lacks it), then lets the
     * indexer and the searches use {@code candidate}; retries with backoff until it works or the
     * endpoint goes away.
     */
    private void prepare(SolrEndpoint endpoint, SolrTarget candidate) {
        long backoffMs = Indexer.MIN_BACKOFF.toMillis();
        while (pending == candidate) {
            try {
                if (!endpoint.zkHost().isBlank()) {
                    watchLiveNodes(endpoint, candidate);
                }
                SolrCloudSetup.Outcome outcome = setUp(endpoint, (NodesClient) candidate.client());
                synchronized (this) {
                    if (pending != candidate) {
                        return;
                    }
                    pending = null;
                    setupError = null;
                    target = candidate;
                }
                switch (outcome) {
                    case CREATED -> LOG.info(
                            "Created SolrCloud collection {} ({} shards) through {}",
                            endpoint.collection(),
                            endpoint.layout().numShards(),
                            endpoint.baseUrls());
                    case EXISTS -> LOG.info(
                            "Search index at SolrCloud {} collection {}", endpoint.baseUrls(), endpoint.collection());
                    default -> LOG.info("Search index at {}/{}", endpoint.baseUrl(), endpoint.collection());
                }
                indexer.wake();
                return;
            } catch (Exception | LinkageError e) {
                if (pending != candidate) {
                    return;
                }
                setupError = e.getMessage() == null ? e.toString() : e.getMessage();
                LOG.warn(
                        "Solr at {} is not usable yet, retrying in {} ms: {}",
                        endpoint.baseUrls(),
                        backoffMs,
                        setupError);
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoffMs = Math.min(Indexer.MAX_BACKOFF.toMillis(), backoffMs * 2);
            }
        }
    }

    /**
     * Makes sure the collection exists, through the first node that answers: any node of a
     * SolrCloud can create it. Creating a collection waits for its replicas, so longer than a
     * search may take.
     */
    private SolrCloudSetup.Outcome setUp(SolrEndpoint endpoint, NodesClient nodes) throws Exception {
        Exception failure = new IllegalStateException("no Solr node is known");
        for (String url : nodes.nodes()) {
            try (HttpJdkSolrClient admin = client(url, Math.max(requestTimeoutMs, SETUP_TIMEOUT_MS))) {
                return SolrCloudSetup.ensureCollection(admin, url, endpoint);
            } catch (Exception e) {
                e.addSuppressed(failure);
                failure = e;
                LOG.debug("Solr node {} cannot set up the collection: {}", url, e.toString());
            }
        }
        throw failure;
    }

    /**
     * Reads the cluster's live nodes from ZooKeeper and keeps the client's nodes in step with them
     * (the configured URLs, if any, are used only while ZooKeeper knows no live node).
     */
    private void watchLiveNodes(SolrEndpoint endpoint, SolrTarget candidate) throws Exception {
        synchronized (this) {
            if (liveNodes != null || pending != candidate) {
                return;
            }
        }
        NodesClient client = (NodesClient) candidate.client();
        ZkLiveNodes watcher = new ZkLiveNodes(endpoint.zkHost(), ZK_SESSION_TIMEOUT, urls -> {
            if (!urls.isEmpty()) {
                client.setNodes(urls);
                LOG.info("SolrCloud nodes from ZooKeeper {}: {}", endpoint.zkHost(), urls);
            } else {
                LOG.warn("ZooKeeper {} lists no live Solr node; trying {}", endpoint.zkHost(), client.nodes());
            }
        });
        synchronized (this) {
            if (pending == candidate && liveNodes == null) {
                liveNodes = watcher;
                return;
            }
        }
        watcher.close();
    }

    /** The Solr nodes requests go to now; empty while there is no index. */
    List<String> solrNodes() {
        SolrTarget current = target;
        return current == null ? List.of() : ((NodesClient) current.client()).nodes();
    }

    synchronized void unbindEndpoint(SolrEndpoint endpoint) {
        closeClient();
        LOG.info("Search index at {} is gone; indexing waits in the outbox", endpoint.baseUrls());
    }

    private void closeClient() {
        SolrTarget old = target != null ? target : pending;
        target = null;
        pending = null;
        setupError = null;
        if (preparation != null) {
            preparation.interrupt();
            preparation = null;
        }
        if (old != null) {
            try {
                old.client().close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("Closing the Solr client: {}", e.toString());
            }
        }
        if (liveNodes != null) {
            try {
                liveNodes.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            liveNodes = null;
        }
        if (clientExecutor != null) {
            clientExecutor.shutdownNow();
            clientExecutor = null;
        }
    }

    @Deactivate
    synchronized void deactivate() {
        indexer.close();
        closeClient();
        try {
            outbox.close();
        } catch (IOException e) {
            LOG.warn("Closing the search outbox: {}", e.toString());
        }
    }

    @Override
    public void handleEvent(Event event) {
        String topic = event.getTopic();
        if (!StoreEvents.INSTANCE_STORED.equals(topic) && !StoreEvents.INSTANCE_DELETED.equals(topic)) {
            return;
        }
        Object study = event.getProperty(StoreEvents.STUDY_INSTANCE_UID);
        if (study instanceof String uid && !uid.isBlank()) {
            indexer.enqueue(List.of(uid));
        }
    }

    @Override
    public SearchResult search(SearchRequest request) throws SearchException {
        return search.search(request);
    }

    @Override
    public FacetResult facets(FacetRequest request) throws SearchException {
        return search.facets(request);
    }

    @Override
    public long reindex(Consumer<String> progress, Duration timeout) throws Exception {
        return indexer.reindex(progress, timeout);
    }

    @Override
    public Indexer.Verification verify() throws Exception {
        return indexer.verify();
    }

    @Override
    public int backlog() {
        return indexer.backlog();
    }

    @Override
    public String component() {
        return "search";
    }

    @Override
    public Health check() {
        String error = setupError;
        if (target == null && pending != null) {
            int backlog = indexer.backlog();
            return new Health(
                    Health.Status.DEGRADED,
                    "preparing the Solr collection" + (error == null ? "" : " (" + error + ")") + "; " + backlog
                            + " studies wait in the outbox",
                    Map.of("outboxBacklog", backlog));
        }
        return health(target, indexer);
    }

    static Health health(SolrTarget target, Indexer indexer) {
        int backlog = indexer.backlog();
        if (target == null) {
            return new Health(
                    Health.Status.DEGRADED,
                    "Solr is not running; " + backlog + " studies wait in the outbox",
                    Map.of("outboxBacklog", backlog));
        }
        try {
            SolrQuery count = new SolrQuery("*:*");
            count.setRows(0);
            long docs = target.client()
                    .query(target.collection(), count)
                    .getResults()
                    .getNumFound();
            Map<String, Object> details = new java.util.LinkedHashMap<>();
            details.put("documents", docs);
            details.put("outboxBacklog", backlog);
            details.put("documentsSent", indexer.documentsSent());
            if (target.client() instanceof NodesClient nodes) {
                details.put("nodes", nodes.nodes());
            }
            String error = indexer.lastError();
            if (error != null && backlog > 0) {
                return new Health(
                        Health.Status.DEGRADED,
                        "indexing fails (" + error + "); " + backlog + " studies wait in the outbox",
                        details);
            }
            return Health.up(docs + " series indexed, " + backlog + " studies waiting", details);
        } catch (Exception e) {
            return new Health(
                    Health.Status.DEGRADED,
                    "Solr does not answer (" + e.getMessage() + "); " + backlog + " studies wait in the outbox",
                    Map.of("outboxBacklog", backlog));
        }
    }
}
