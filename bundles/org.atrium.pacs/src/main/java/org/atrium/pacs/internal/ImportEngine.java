package org.atrium.pacs.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomClient;
import org.atrium.dicom.DicomClient.RetrieveReport;
import org.atrium.dicom.DicomException;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.DicomNode;
import org.atrium.dicom.InformationModel;
import org.atrium.dicom.QueryLevel;
import org.atrium.dicom.Status;
import org.atrium.pacs.ImportItem;
import org.atrium.pacs.ImportJob;
import org.atrium.pacs.ImportMethod;
import org.atrium.pacs.ImportRequest;
import org.atrium.pacs.ImportState;
import org.atrium.pacs.Imports;
import org.atrium.store.IngestContext;
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
 * Runs import items (one study each) from the database: a scheduler thread starts due items while
 * the time window is open and fewer than {@code maxParallelAssociations} run; each item asks the
 * node which series and how many instances the study has, skips series the store already holds
 * completely, retrieves the others series by series, and is COMPLETE only when the store holds
 * every instance the node listed.
 */
@Component(
        service = {Imports.class, ImportEngine.class},
        configurationPid = ImportEngine.PID,
        immediate = true)
@Designate(ocd = ImportConfig.class)
public final class ImportEngine implements Imports {

    public static final String PID = "org.atrium.pacs.import";
    static final String STUDY_UID = "StudyInstanceUID";
    static final String ACCESSION = "AccessionNumber";
    /** SOP Instance UIDs per C-MOVE/C-GET when only part of a series is missing. */
    static final int INSTANCES_PER_RETRIEVE = 200;

    private static final Logger LOG = LoggerFactory.getLogger(ImportEngine.class);

    private final PacsTables tables;
    private final PacsFinder finder;
    private final DicomClient client;
    private final DicomFiles files;
    private final ResearchStore store;
    private final ExecutorService workers;
    private final Thread scheduler;
    private final AtomicInteger running = new AtomicInteger();
    private final Object wakeUp = new Object();
    private volatile boolean stopped;
    private volatile ImportConfig config;
    private volatile TimeWindows windows;
    private volatile Backoff backoff;
    /** Associations for retrieves, shared by all items: {@code maxParallelAssociations}. */
    private volatile Semaphore associations;

    @Activate
    public ImportEngine(
            @Reference(target = "(atrium.db=store)") DataSource dataSource,
            @Reference PacsFinder finder,
            @Reference DicomClient client,
            @Reference DicomFiles files,
            @Reference ResearchStore store,
            ImportConfig config)
            throws SQLException {
        this.tables = new PacsTables(dataSource);
        this.finder = finder;
        this.client = client;
        this.files = files;
        this.store = store;
        modified(config);
        int resumed = tables.resumeRunning();
        if (resumed > 0) {
            LOG.info("{} import items were running when the platform stopped: queued again", resumed);
        }
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "atrium-pacs-import");
            t.setDaemon(true);
            return t;
        });
        this.scheduler = new Thread(this::schedule, "atrium-pacs-import-scheduler");
        scheduler.setDaemon(true);
        scheduler.start();
    }

    @Modified
    void modified(ImportConfig config) {
        this.windows = TimeWindows.parse(config.allowedWindows());
        this.backoff = new Backoff(
                Duration.ofSeconds(Math.max(1, config.retryInitialSeconds())),
                Duration.ofSeconds(Math.max(config.retryInitialSeconds(), config.retryMaxSeconds())));
        if (this.config == null || this.config.maxParallelAssociations() != config.maxParallelAssociations()) {
            // Retrieves running now give their permits back to the old semaphore.
            this.associations = new Semaphore(Math.max(1, config.maxParallelAssociations()));
        }
        this.config = config;
        wake();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stopped = true;
        wake();
        scheduler.join(5000);
        // Items still running stay RUNNING in the database and are queued again at the next start.
        workers.shutdownNow();
    }

    private void wake() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private void schedule() {
        while (!stopped) {
            try {
                startDueItems();
            } catch (SQLException | RuntimeException e) {
                LOG.warn("import scheduler: {}", e.toString());
            }
            synchronized (wakeUp) {
                try {
                    wakeUp.wait(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void startDueItems() throws SQLException {
        if (!windows.isOpen(LocalTime.now())) {
            return;
        }
        int free = Math.max(1, config.maxParallelAssociations()) - running.get();
        if (free <= 0) {
            return;
        }
        for (ImportItem item : tables.due(System.currentTimeMillis(), free)) {
            if (!tables.transition(item.id(), item.state(), ImportState.RUNNING, "running")) {
                continue; // cancelled meanwhile
            }
            long jobId = tables.jobOf(item.id());
            Optional<PacsTables.Job> job = tables.job(jobId);
            if (job.isEmpty()) {
                continue;
            }
            running.incrementAndGet();
            workers.execute(() -> {
                try {
                    run(job.get(), item);
                } catch (SQLException | RuntimeException e) {
                    LOG.warn("import item {} of job {}: {}", item.id(), jobId, e.toString(), e);
                    try {
                        tables.finish(
                                item.id(),
                                ImportState.RETRYING,
                                item.studyInstanceUid(),
                                item.expected(),
                                item.received(),
                                item.completed(),
                                item.failed(),
                                item.warning(),
                                item.attempts() + 1,
                                item.status(),
                                "internal error: " + e,
                                System.currentTimeMillis()
                                        + backoff.delay(item.attempts() + 1).toMillis());
                    } catch (SQLException ignored) {
                        LOG.warn("cannot record the failure of import item {}: {}", item.id(), ignored.toString());
                    }
                } finally {
                    running.decrementAndGet();
                    wake();
                }
            });
        }
    }

    /** One series the node lists, with its instance count (-1: the node did not say). */
    record RemoteSeries(String uid, int instances) {}

    private void run(PacsTables.Job job, ImportItem item) throws SQLException {
        int attempt = item.attempts() + 1;
        String study = item.studyInstanceUid();
        int expected = item.expected();
        int completedBefore = item.completed();
        try {
            DicomNode node = finder.node(job.node());
            if (study == null) {
                List<String> studies = studiesOfAccession(job.node(), item.key());
                if (studies.isEmpty()) {
                    fail(
                            item,
                            attempt,
                            study,
                            -1,
                            0,
                            completedBefore,
                            0,
                            0,
                            -1,
                            "no study with AccessionNumber " + item.key() + " at " + node);
                    return;
                }
                study = studies.get(0);
                for (String other : studies.subList(1, studies.size())) {
                    tables.addItem(job.id(), ACCESSION, item.key(), other);
                }
                wake();
            }
            List<RemoteSeries> series = seriesOf(job.node(), study);
            if (series.isEmpty()) {
                fail(
                        item,
                        attempt,
                        study,
                        -1,
                        storeCount(ResearchStore.Level.STUDY, study),
                        completedBefore,
                        0,
                        0,
                        -1,
                        "study " + study + " not found at " + node);
                return;
            }
            boolean countsKnown = series.stream().allMatch(s -> s.instances() >= 0);
            expected = countsKnown
                    ? series.stream().mapToInt(RemoteSeries::instances).sum()
                    : -1;
            List<RemoteSeries> missing = missing(series);
            int received = storeCount(ResearchStore.Level.STUDY, study);
            if (missing.isEmpty() && countsKnown) {
                tables.finish(
                        item.id(),
                        ImportState.COMPLETE,
                        study,
                        expected,
                        received,
                        completedBefore,
                        0,
                        0,
                        attempt,
                        Status.Success,
                        "already in the store: " + received + " instances, nothing retrieved",
                        0);
                return;
            }
            tables.progress(
                    item.id(),
                    study,
                    expected,
                    received,
                    completedBefore,
                    "retrieving " + missing.size() + " of " + series.size() + " series by C-" + job.method());
            int completed = 0;
            int failed = 0;
            int warning = 0;
            int worst = Status.Success;
            // Series go side by side, each on its own association, within maxParallelAssociations.
            final String studyUid = study;
            final DicomNode source = node;
            AtomicBoolean paused = new AtomicBoolean();
            AtomicBoolean cancelled = new AtomicBoolean();
            List<Future<RetrieveReport>> retrieves = new ArrayList<>();
            for (RemoteSeries s : missing) {
                retrieves.add(workers.submit(() -> {
                    Semaphore permits = associations;
                    permits.acquire();
                    try {
                        if (tables.item(item.id())
                                .map(i -> i.state() != ImportState.RUNNING)
                                .orElse(true)) {
                            cancelled.set(true);
                            return null;
                        }
                        if (!windows.isOpen(LocalTime.now())) {
                            paused.set(true);
                            return null;
                        }
                        return retrieveSeries(job, source, studyUid, s);
                    } finally {
                        permits.release();
                    }
                }));
            }
            Exception firstFailure = null;
            for (Future<RetrieveReport> retrieve : retrieves) {
                RetrieveReport report;
                try {
                    report = retrieve.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return; // stopping: the item stays RUNNING and resumes at the next start
                } catch (ExecutionException e) {
                    if (firstFailure == null && e.getCause() instanceof Exception cause) {
                        firstFailure = cause;
                    }
                    continue;
                }
                if (report == null) {
                    continue;
                }
                completed += report.completed();
                failed += report.failed();
                warning += report.warning();
                if (report.status() != Status.Success && worst == Status.Success) {
                    worst = report.status();
                }
                tables.progress(
                        item.id(),
                        study,
                        expected,
                        storeCount(ResearchStore.Level.STUDY, study),
                        completedBefore + completed,
                        "retrieving by C-" + job.method());
            }
            if (cancelled.get()) {
                return;
            }
            if (firstFailure instanceof DicomException e) {
                throw e;
            }
            if (firstFailure instanceof IOException e) {
                throw e;
            }
            if (firstFailure instanceof RuntimeException e) {
                throw e;
            }
            if (paused.get()) {
                tables.finish(
                        item.id(),
                        ImportState.QUEUED,
                        study,
                        expected,
                        storeCount(ResearchStore.Level.STUDY, study),
                        completedBefore + completed,
                        failed,
                        warning,
                        item.attempts(),
                        worst,
                        "paused: outside the allowed time windows (" + windows + ")",
                        0);
                return;
            }
            received = storeCount(ResearchStore.Level.STUDY, study);
            List<RemoteSeries> stillMissing = missing(series);
            if (stillMissing.isEmpty() && failed == 0 && (countsKnown || !Status.isFailure(worst))) {
                tables.finish(
                        item.id(),
                        ImportState.COMPLETE,
                        study,
                        countsKnown ? expected : received,
                        received,
                        completedBefore + completed,
                        0,
                        warning,
                        attempt,
                        worst,
                        received + " instances in the store"
                                + (warning > 0 ? "; " + warning + " sub-operations with warnings" : ""),
                        0);
                return;
            }
            String what = "received " + received + " of " + (countsKnown ? expected : "?") + " instances; " + node
                    + " reported " + failed + " failed and " + warning + " warning sub-operations [status "
                    + Status.toString(worst) + "]; incomplete series: "
                    + String.join(
                            ", ", stillMissing.stream().map(RemoteSeries::uid).toList());
            retryOrFail(
                    item,
                    attempt,
                    study,
                    expected,
                    received,
                    completedBefore + completed,
                    failed,
                    warning,
                    worst,
                    what);
        } catch (DicomException e) {
            int received = study == null ? 0 : storeCount(ResearchStore.Level.STUDY, study);
            String message = e.status() == Status.MoveDestinationUnknown
                    ? e.getMessage() + ": the node does not know the move destination '" + moveDestination()
                            + "'; add it (AE title, host, port of our listener) to the node's known AEs"
                    : job.method() == ImportMethod.MOVE && permanent(e.status())
                            ? e.getMessage() + " (C-MOVE to '" + moveDestination()
                                    + "': some PACS answer this when they do not know the destination)"
                            : e.getMessage();
            if (permanent(e.status())) {
                fail(item, attempt, study, expected, received, completedBefore, 0, 0, e.status(), message);
            } else {
                retryOrFail(item, attempt, study, expected, received, completedBefore, 0, 0, e.status(), message);
            }
        } catch (IOException e) {
            int received = study == null ? 0 : storeCount(ResearchStore.Level.STUDY, study);
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            if (message.contains("rejected-permanent")) {
                fail(item, attempt, study, expected, received, completedBefore, 0, 0, -1, message);
            } else {
                retryOrFail(item, attempt, study, expected, received, completedBefore, 0, 0, -1, message);
            }
        } catch (IllegalArgumentException e) {
            fail(item, attempt, study, expected, 0, completedBefore, 0, 0, -1, e.getMessage());
        }
    }

    /** Failure statuses no retry will change: the request itself is wrong for this node. */
    static boolean permanent(int status) {
        return status == Status.MoveDestinationUnknown
                || status == Status.IdentifierDoesNotMatchSOPClass
                || status == Status.SOPClassNotSupported
                || (status & 0xF000) == 0xC000;
    }

    private void fail(
            ImportItem item,
            int attempt,
            String study,
            int expected,
            int received,
            int completed,
            int failed,
            int warning,
            int status,
            String message)
            throws SQLException {
        LOG.warn("import item {} ({} {}) failed: {}", item.id(), item.keyType(), item.key(), message);
        tables.finish(
                item.id(),
                ImportState.FAILED,
                study,
                expected,
                received,
                completed,
                failed,
                warning,
                attempt,
                status,
                message,
                0);
    }

    private void retryOrFail(
            ImportItem item,
            int attempt,
            String study,
            int expected,
            int received,
            int completed,
            int failed,
            int warning,
            int status,
            String message)
            throws SQLException {
        if (attempt >= Math.max(1, config.maxAttempts())) {
            fail(
                    item,
                    attempt,
                    study,
                    expected,
                    received,
                    completed,
                    failed,
                    warning,
                    status,
                    "gave up after " + attempt + " attempts: " + message);
            return;
        }
        Duration delay = backoff.delay(attempt);
        LOG.info("import item {} attempt {} failed, again in {} s: {}", item.id(), attempt, delay.toSeconds(), message);
        tables.finish(
                item.id(),
                ImportState.RETRYING,
                study,
                expected,
                received,
                completed,
                failed,
                warning,
                attempt,
                status,
                "attempt " + attempt + " failed: " + message + "; next attempt in " + delay.toSeconds() + " s",
                System.currentTimeMillis() + delay.toMillis());
    }

    private List<String> studiesOfAccession(String node, String accession) throws IOException, DicomException {
        Set<String> studies = new LinkedHashSet<>();
        for (Map<String, String> match : finder.find(node, QueryLevel.STUDY, Map.of(ACCESSION, accession))) {
            String uid = match.get(STUDY_UID);
            if (uid != null && !uid.isBlank()) {
                studies.add(uid);
            }
        }
        return new ArrayList<>(studies);
    }

    private List<RemoteSeries> seriesOf(String node, String study) throws IOException, DicomException {
        List<RemoteSeries> series = new ArrayList<>();
        for (Map<String, String> match : finder.find(node, QueryLevel.SERIES, Map.of(STUDY_UID, study))) {
            String uid = match.get("SeriesInstanceUID");
            if (uid == null || uid.isBlank()) {
                continue;
            }
            int count = -1;
            try {
                count = Integer.parseInt(
                        match.getOrDefault("NumberOfSeriesRelatedInstances", "").trim());
            } catch (NumberFormatException e) {
                // the node does not count: retrieve the series and trust its final status
            }
            series.add(new RemoteSeries(uid, count));
        }
        series.sort(Comparator.comparing(RemoteSeries::uid));
        return series;
    }

    /** Series the store does not hold completely (no second copy of what is there). */
    private List<RemoteSeries> missing(List<RemoteSeries> series) {
        return series.stream()
                .filter(s -> s.instances() < 0 || storeCount(ResearchStore.Level.SERIES, s.uid()) < s.instances())
                .toList();
    }

    private int storeCount(ResearchStore.Level level, String uid) {
        return store.instances(level, uid).size();
    }

    private String moveDestination() {
        String destination = config.moveDestination();
        return destination == null || destination.isBlank() ? finder.localAeTitle() : destination.trim();
    }

    /**
     * Retrieves a series; when the store already holds part of it (an earlier attempt broke off),
     * only the instances it lacks, by SOP Instance UID lists at IMAGE level.
     */
    private RetrieveReport retrieveSeries(PacsTables.Job job, DicomNode node, String study, RemoteSeries series)
            throws IOException, DicomException {
        if (series.instances() < 0 || storeCount(ResearchStore.Level.SERIES, series.uid()) == 0) {
            return retrieve(job, node, study, series.uid(), List.of());
        }
        List<String> lacking = new ArrayList<>();
        for (Map<String, String> match : finder.find(
                job.node(), QueryLevel.IMAGE, Map.of(STUDY_UID, study, "SeriesInstanceUID", series.uid()))) {
            String uid = match.get("SOPInstanceUID");
            if (uid != null && !uid.isBlank() && store.instance(uid).isEmpty()) {
                lacking.add(uid);
            }
        }
        LOG.info(
                "series {}: {} of {} instances already in the store, retrieving the other {}",
                series.uid(),
                storeCount(ResearchStore.Level.SERIES, series.uid()),
                series.instances(),
                lacking.size());
        int status = Status.Success;
        int completed = 0;
        int failed = 0;
        int warning = 0;
        for (int from = 0; from < lacking.size(); from += INSTANCES_PER_RETRIEVE) {
            RetrieveReport report = retrieve(
                    job,
                    node,
                    study,
                    series.uid(),
                    lacking.subList(from, Math.min(lacking.size(), from + INSTANCES_PER_RETRIEVE)));
            completed += report.completed();
            failed += report.failed();
            warning += report.warning();
            status = status == Status.Success ? report.status() : status;
        }
        return new RetrieveReport(status, completed, failed, warning, List.of());
    }

    private RetrieveReport retrieve(
            PacsTables.Job job, DicomNode node, String study, String series, List<String> instances)
            throws IOException, DicomException {
        Attributes keys = files.newAttributes();
        keys.setString(files.tagOf("QueryRetrieveLevel"), instances.isEmpty() ? "SERIES" : "IMAGE");
        keys.setString(files.tagOf(STUDY_UID), study);
        keys.setString(files.tagOf("SeriesInstanceUID"), series);
        if (!instances.isEmpty()) {
            keys.setString(files.tagOf("SOPInstanceUID"), instances.toArray(String[]::new));
        }
        String calling = finder.localAeTitle();
        if (job.method() == ImportMethod.MOVE) {
            return client.cmove(calling, node, InformationModel.STUDY_ROOT, keys, moveDestination());
        }
        Path folder = store.incomingDir().resolve("pacs-get-" + System.nanoTime());
        int stored = 0;
        int refused = 0;
        try {
            RetrieveReport report;
            try {
                report = client.cget(calling, node, InformationModel.STUDY_ROOT, keys, folder);
            } finally {
                // Whatever arrived completely goes into the store, also when the association broke.
                int[] counts = storeAll(folder, node);
                stored = counts[0];
                refused = counts[1];
            }
            return new RetrieveReport(
                    refused > 0 && report.status() == Status.Success
                            ? Status.SubOperationsCompleteWithFailures
                            : report.status(),
                    stored,
                    report.failed() + refused,
                    report.warning(),
                    List.of());
        } finally {
            deleteTree(folder);
        }
    }

    private int[] storeAll(Path folder, DicomNode node) {
        int stored = 0;
        int refused = 0;
        if (!Files.isDirectory(folder)) {
            return new int[] {0, 0};
        }
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : list.filter(f -> f.toString().endsWith(".dcm")).toList()) {
                try {
                    store.store(file, new IngestContext(node.aeTitle(), "C-GET", Set.of()));
                    stored++;
                } catch (StoreException e) {
                    refused++;
                    LOG.warn("C-GET from {}: the store refused {}: {}", node, file.getFileName(), e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("C-GET from {}: cannot list {}: {}", node, folder, e.toString());
        }
        return new int[] {stored, refused};
    }

    private static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", folder, e.toString());
        }
    }

    // ---- Imports

    @Override
    public ImportJob create(ImportRequest request) {
        finder.node(request.node()); // unknown node: IllegalArgumentException
        List<String[]> keys = new ArrayList<>();
        for (String uid : new LinkedHashSet<>(request.studyInstanceUids())) {
            if (!CsvIds.UID.matcher(uid).matches() || uid.length() > 64) {
                throw new IllegalArgumentException("not a Study Instance UID: '" + uid + "'");
            }
            keys.add(new String[] {STUDY_UID, uid});
        }
        for (String accession : new LinkedHashSet<>(request.accessionNumbers())) {
            if (accession.isBlank() || accession.length() > 16 || accession.contains("*") || accession.contains("?")) {
                throw new IllegalArgumentException("not an Accession Number: '" + accession + "'");
            }
            keys.add(new String[] {ACCESSION, accession});
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("nothing to import: give Study Instance UIDs or Accession Numbers");
        }
        try {
            long id = tables.createJob(request.node(), request.method(), request.owner(), keys);
            LOG.info("import {} from {} by C-{}: {} items", id, request.node(), request.method(), keys.size());
            wake();
            return get(id).orElseThrow();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save the import: " + e.getMessage(), e);
        }
    }

    @Override
    public List<ImportJob> list(int limit) {
        try {
            List<ImportJob> jobs = new ArrayList<>();
            for (PacsTables.Job job : tables.jobs(Math.max(1, limit))) {
                jobs.add(toJob(job));
            }
            return jobs;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read imports: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ImportJob> get(long id) {
        try {
            Optional<PacsTables.Job> job = tables.job(id);
            return job.isEmpty() ? Optional.empty() : Optional.of(toJob(job.get()));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read import " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ImportJob> cancel(long id) {
        try {
            if (tables.job(id).isEmpty()) {
                return Optional.empty();
            }
            tables.cancel(id);
            return get(id);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot cancel import " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ImportJob> retry(long id) {
        try {
            if (tables.job(id).isEmpty()) {
                return Optional.empty();
            }
            tables.retry(id);
            wake();
            return get(id);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot retry import " + id + ": " + e.getMessage(), e);
        }
    }

    private ImportJob toJob(PacsTables.Job job) throws SQLException {
        List<ImportItem> items = new ArrayList<>();
        boolean closed = !windows.isOpen(LocalTime.now());
        for (ImportItem i : tables.items(job.id())) {
            int received = i.state().terminal() || i.studyInstanceUid() == null
                    ? i.received()
                    : storeCount(ResearchStore.Level.STUDY, i.studyInstanceUid());
            String message = closed && i.state() == ImportState.QUEUED
                    ? "waiting for the allowed time windows (" + windows + ")"
                    : i.message();
            items.add(new ImportItem(
                    i.id(),
                    i.keyType(),
                    i.key(),
                    i.studyInstanceUid(),
                    i.state(),
                    i.expected(),
                    received,
                    i.completed(),
                    i.failed(),
                    i.warning(),
                    i.attempts(),
                    i.status(),
                    message,
                    i.nextAttempt(),
                    i.updated()));
        }
        int expected = items.stream().mapToInt(i -> Math.max(0, i.expected())).sum();
        int received = items.stream().mapToInt(ImportItem::received).sum();
        return new ImportJob(
                job.id(),
                job.node(),
                job.method(),
                job.owner(),
                job.created(),
                ImportJob.summarise(items.stream().map(ImportItem::state).toList()),
                expected,
                received,
                items);
    }
}
