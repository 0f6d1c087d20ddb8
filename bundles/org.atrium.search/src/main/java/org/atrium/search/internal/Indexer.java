package org.atrium.search.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.CursorMarkParams;
import org.atrium.search.internal.DocumentMapper.SeriesInput;
import org.atrium.store.Match;
import org.atrium.store.ResearchStore;
import org.atrium.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the {@link Outbox} into Solr on its own thread: takes up to {@code batchSize} studies,
 * rebuilds their series documents from the store, sends them in one request and deletes the
 * documents of series that are gone. While Solr is missing or failing the studies stay in the
 * outbox and the thread retries with exponential backoff (up to {@link #MAX_BACKOFF}).
 */
public final class Indexer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);
    static final Duration MIN_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final long SYNC_INTERVAL_MS = 200;

    /** What {@link #verify} found. */
    public record Verification(
            long storeSeries,
            long indexSeries,
            List<String> missing,
            List<String> extra,
            List<String> countMismatches,
            int backlog) {
        public boolean clean() {
            return missing.isEmpty() && extra.isEmpty() && countMismatches.isEmpty();
        }
    }

    private final ResearchStore store;
    private final StudyReader reader;
    private final DocumentMapper mapper;
    private final Outbox outbox;
    private final Supplier<SolrTarget> solr;
    private final int batchSize;
    private final int commitWithinMs;
    private final Thread thread;
    private final Object signal = new Object();
    private volatile boolean running = true;
    private volatile String lastError;
    private volatile Instant lastIndexed;
    private volatile long documentsSent;

    Indexer(
            ResearchStore store,
            org.atrium.dicom.DicomFiles dicom,
            Outbox outbox,
            Supplier<SolrTarget> solr,
            int batchSize,
            int commitWithinMs) {
        this.store = store;
        this.reader = new StudyReader(store, dicom);
        this.mapper = new DocumentMapper(dicom);
        this.outbox = outbox;
        this.solr = solr;
        this.batchSize = Math.max(1, batchSize);
        this.commitWithinMs = commitWithinMs;
        this.thread = new Thread(this::drainUntilClosed, "atrium-search-indexer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues studies for indexing; cheap enough for the store's event thread. */
    void enqueue(Collection<String> studyUids) {
        try {
            if (outbox.add(studyUids) > 0) {
                wake();
            }
        } catch (IOException e) {
            lastError = "cannot write the outbox: " + e.getMessage();
            LOG.error("Cannot write the search outbox; run atrium:reindex once fixed", e);
        }
    }

    /** Something changed (a study queued, Solr came back): look at the outbox now. */
    void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    int backlog() {
        return outbox.backlog();
    }

    String lastError() {
        return lastError;
    }

    Instant lastIndexed() {
        return lastIndexed;
    }

    long documentsSent() {
        return documentsSent;
    }

    private void drainUntilClosed() {
        Duration backoff = MIN_BACKOFF;
        while (running) {
            try {
                outbox.sync();
                SolrTarget target = solr.get();
                if (!outbox.hasPending() || target == null) {
                    pause(
                            target == null && outbox.hasPending()
                                    ? Math.min(1000, SYNC_INTERVAL_MS * 5)
                                    : SYNC_INTERVAL_MS);
                    continue;
                }
                List<String> batch = outbox.take(batchSize, SETTLE.toNanos(), MAX_WAIT.toNanos());
                if (batch.isEmpty()) {
                    pause(SYNC_INTERVAL_MS); // studies still receiving instances
                    continue;
                }
                try {
                    index(target, batch);
                    outbox.done(batch);
                    lastError = null;
                    lastIndexed = Instant.now();
                    backoff = MIN_BACKOFF;
                } catch (Exception | LinkageError e) {
                    outbox.retry(batch);
                    if (!running) {
                        break;
                    }
                    lastError = e.toString();
                    LOG.warn(
                            "Indexing {} studies failed, retrying in {} ms: {}",
                            batch.size(),
                            backoff.toMillis(),
                            e.toString());
                    pause(backoff.toMillis());
                    backoff =
                            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            } catch (IOException | RuntimeException | LinkageError e) {
                lastError = e.toString();
                LOG.error("Search indexer failed; going on", e);
                pause(1000);
            }
        }
    }

    private void pause(long millis) {
        synchronized (signal) {
            try {
                signal.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Rewrites the documents of these studies and deletes those of their series that are gone. */
    void index(SolrTarget target, List<String> studyUids) throws Exception {
        List<SolrInputDocument> docs = new ArrayList<>();
        Set<String> current = new HashSet<>();
        Instant now = Instant.now();
        for (String studyUid : studyUids) {
            List<SeriesInput> series = reader.read(studyUid);
            for (Map<String, Object> doc : mapper.study(series, now)) {
                SolrInputDocument input = new SolrInputDocument();
                doc.forEach(input::setField);
                docs.add(input);
                current.add((String) doc.get(Fields.ID));
            }
        }
        List<String> stale = new ArrayList<>();
        for (int from = 0; from < studyUids.size(); from += 200) {
            List<String> chunk = studyUids.subList(from, Math.min(studyUids.size(), from + 200));
            StringBuilder q = new StringBuilder("StudyInstanceUID_s:(");
            for (int i = 0; i < chunk.size(); i++) {
                q.append(i == 0 ? "" : " OR ").append(QueryParser.phrase(chunk.get(i)));
            }
            q.append(')');
            for (SolrDocument doc : all(target, q.toString(), Fields.ID)) {
                String id = (String) doc.getFieldValue(Fields.ID);
                if (!current.contains(id)) {
                    stale.add(id);
                }
            }
        }
        UpdateRequest update = new UpdateRequest();
        update.setMethod(SolrRequest.METHOD.POST);
        if (!docs.isEmpty()) {
            update.add(docs);
        }
        if (!stale.isEmpty()) {
            update.deleteById(stale);
        }
        if (commitWithinMs >= 0) {
            update.setCommitWithin(commitWithinMs);
        }
        if (!docs.isEmpty() || !stale.isEmpty()) {
            update.process(target.client(), target.collection());
        }
        documentsSent += docs.size();
    }

    /** Every document matching {@code q}, with fields {@code fl}, paged with a cursor. */
    static List<SolrDocument> all(SolrTarget target, String q, String fl) throws Exception {
        List<SolrDocument> docs = new ArrayList<>();
        String cursor = CursorMarkParams.CURSOR_MARK_START;
        while (true) {
            SolrQuery query = new SolrQuery(q);
            query.set("defType", "lucene");
            query.setFields(fl);
            query.setRows(5000);
            query.setSort(Fields.ID, SolrQuery.ORDER.asc);
            query.set(CursorMarkParams.CURSOR_MARK_PARAM, cursor);
            QueryResponse response = target.client().query(target.collection(), query, SolrRequest.METHOD.POST);
            docs.addAll(response.getResults());
            String next = response.getNextCursorMark();
            if (next == null || next.equals(cursor)) {
                return docs;
            }
            cursor = next;
        }
    }

    /**
     * Queues every study of the store, waits until the outbox has drained them, then deletes
     * documents that were not rewritten (series no longer in the store).
     */
    private static final int PAGE = 10_000;
    /** A study is indexed once no instance arrived for this long (or it waited MAX_WAIT). */
    static final Duration SETTLE = Duration.ofSeconds(1);

    static final Duration MAX_WAIT = Duration.ofSeconds(10);

    long reindex(Consumer<String> progress, Duration timeout) throws Exception {
        Instant start = Instant.now();
        List<String> studies = new ArrayList<>();
        for (Match match : everything(ResearchStore.Level.STUDY, "StudyInstanceUID")) {
            String uid = match.get("StudyInstanceUID");
            if (uid != null) {
                studies.add(uid);
            }
        }
        progress.accept("Queued " + studies.size() + " studies");
        enqueue(studies);
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        while (outbox.backlog() > 0) {
            if (System.nanoTime() > deadline) {
                progress.accept("Gave up waiting: " + outbox.backlog() + " studies still queued"
                        + (lastError == null ? "" : " (" + lastError + ")") + "; they are indexed when Solr answers");
                return studies.size() - outbox.backlog();
            }
            int backlog = outbox.backlog();
            if (backlog != last) {
                progress.accept(
                        String.format("%d/%d studies indexed", Math.max(0, studies.size() - backlog), studies.size()));
                last = backlog;
            }
            Thread.sleep(500);
        }
        SolrTarget target = solr.get();
        if (target == null) {
            throw new IllegalStateException("Solr is not available");
        }
        UpdateRequest sweep = new UpdateRequest();
        sweep.deleteByQuery(Fields.INDEXED_AT + ":[* TO " + start + "}");
        sweep.setCommitWithin(Math.max(0, commitWithinMs));
        sweep.process(target.client(), target.collection());
        progress.accept(studies.size() + "/" + studies.size() + " studies indexed; stale documents removed");
        return studies.size();
    }

    /** Every study or series of the store, read a page at a time (find() is capped). */
    private List<Match> everything(ResearchStore.Level level, String key) throws StoreException {
        List<Match> all = new ArrayList<>();
        String after = null;
        while (true) {
            List<Match> page = store.page(level, after, PAGE);
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            after = page.get(page.size() - 1).get(key);
        }
    }

    /** Compares the store's series and instance counts with the index. */
    Verification verify() throws Exception {
        SolrTarget target = solr.get();
        if (target == null) {
            throw new IllegalStateException("Solr is not available");
        }
        Map<String, Integer> inStore = new LinkedHashMap<>();
        try {
            for (Match match : everything(ResearchStore.Level.SERIES, "SeriesInstanceUID")) {
                String count = match.get("NumberOfSeriesRelatedInstances");
                inStore.put(match.get("SeriesInstanceUID"), count == null ? -1 : Integer.parseInt(count));
            }
        } catch (StoreException e) {
            throw new IllegalStateException("cannot list the store's series: " + e.getMessage(), e);
        }
        Map<String, Integer> inIndex = new LinkedHashMap<>();
        // Keyed by series UID, not by document id: ids carry a shard route before the UID.
        String seriesField = Fields.known("SeriesInstanceUID").valueField();
        for (SolrDocument doc : all(target, "*:*", seriesField + ",NumberOfSeriesRelatedInstances_i")) {
            Object count = doc.getFieldValue("NumberOfSeriesRelatedInstances_i");
            inIndex.put((String) doc.getFieldValue(seriesField), count instanceof Number n ? n.intValue() : -1);
        }
        List<String> missing = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : inStore.entrySet()) {
            Integer indexed = inIndex.get(entry.getKey());
            if (indexed == null) {
                missing.add(entry.getKey());
            } else if (!indexed.equals(entry.getValue())) {
                mismatches.add(entry.getKey() + " (store " + entry.getValue() + ", index " + indexed + ")");
            }
        }
        List<String> extra = new ArrayList<>();
        for (String id : inIndex.keySet()) {
            if (!inStore.containsKey(id)) {
                extra.add(id);
            }
        }
        return new Verification(inStore.size(), inIndex.size(), missing, extra, mismatches, outbox.backlog());
    }

    @Override
    public void close() {
        running = false;
        wake(); // no interrupt: it would close the outbox's file channel under a write
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
