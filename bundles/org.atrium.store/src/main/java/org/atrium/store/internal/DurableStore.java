package org.atrium.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomFiles;
import org.atrium.store.IngestContext;
import org.atrium.store.InstanceRecord;
import org.atrium.store.Match;
import org.atrium.store.ResearchStore;
import org.atrium.store.StoreEvents;
import org.atrium.store.StoreException;
import org.atrium.store.StoreException.Reason;
import org.atrium.store.StoreQuery;
import org.atrium.store.StoreResult;
import org.atrium.store.StoreStatistics;
import org.atrium.store.VerifyReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The research store: files first (fsync, atomic rename), then index rows (one transaction), so
 * that an acknowledged object is always on disk and a crash leaves at worst a file without rows,
 * which {@link Recovery} indexes on the next start.
 */
final class DurableStore implements ResearchStore {

    private static final Logger LOG = LoggerFactory.getLogger(DurableStore.class);
    private static final int FIND_CAP = 100_000;
    private static final int ATTEMPTS = 5;

    /** Receives the store's events; EventAdmin in OSGi. */
    interface EventSink {
        void post(String topic, Map<String, Object> properties);
    }

    private final FileStore files;
    private final Database database;
    private final Index index;
    private final DicomFiles dicom;
    private final StoreConfig.DuplicatePolicy duplicates;
    private final long minFreeBytes;
    private final EventSink events;
    private final QuietSeriesTracker quietSeries;
    private final ReentrantLock[] stripes = new ReentrantLock[64];
    /** Series whose patient, study and series rows exist: their next instances skip those upserts. */
    private final java.util.Set<String> indexedSeries = java.util.concurrent.ConcurrentHashMap.newKeySet();

    DurableStore(
            FileStore files,
            Database database,
            DicomFiles dicom,
            StoreConfig.DuplicatePolicy duplicates,
            long minFreeBytes,
            EventSink events,
            QuietSeriesTracker quietSeries) {
        this.files = files;
        this.database = database;
        this.index = new Index(database);
        this.dicom = dicom;
        this.duplicates = duplicates;
        this.minFreeBytes = minFreeBytes;
        this.events = events;
        this.quietSeries = quietSeries;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    FileStore files() {
        return files;
    }

    Index index() {
        return index;
    }

    @Override
    public Path incomingDir() {
        return files.incoming();
    }

    @Override
    public StoreResult store(Path part10File, IngestContext context) throws StoreException {
        long free = files.usableSpace();
        if (free >= 0 && free < minFreeBytes) {
            throw new StoreException(
                    Reason.OUT_OF_RESOURCES, "less than " + (minFreeBytes >> 20) + " MB free in " + files.root());
        }
        Attributes header;
        long size;
        try {
            header = dicom.readHeader(part10File, IndexRow.TAGS);
            size = Files.size(part10File);
        } catch (IOException e) {
            throw new StoreException(Reason.INVALID_OBJECT, "not a readable DICOM object: " + e.getMessage(), e);
        }
        IndexRow row = IndexRow.of(header, context.labels());
        String relativePath = FileStore.relativePathOf(row.sopUid());
        ReentrantLock lock = stripes[Math.floorMod(row.sopUid().hashCode(), stripes.length)];
        lock.lock();
        try {
            // Microseconds, as the index keeps them: the event and the row then tell the same time.
            Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            // One transaction: the duplicate check, then the file goes in place before the rows commit.
            // A retried transaction (concurrent writers) must not move the file twice.
            boolean[] inPlace = {false};
            boolean[] replacing = {false};
            StoreResult result;
            try {
                result = inTransaction(c -> {
                    Optional<InstanceRecord> existing = index.instance(c, row.sopUid());
                    if (existing.isPresent() && duplicates == StoreConfig.DuplicatePolicy.KEEP_FIRST && !inPlace[0]) {
                        return new StoreResult(StoreResult.Outcome.DUPLICATE_IGNORED, existing.get());
                    }
                    replacing[0] = existing.isPresent();
                    if (!inPlace[0]) {
                        try {
                            files.commit(part10File, relativePath);
                            inPlace[0] = true;
                        } catch (IOException e) {
                            Reason reason = isDiskFull(e) ? Reason.OUT_OF_RESOURCES : Reason.INTERNAL;
                            throw new StoreException(reason, "cannot write " + relativePath + ": " + e.getMessage(), e);
                        }
                    }
                    boolean knownSeries = existing.isPresent() || indexedSeries.contains(row.seriesUid());
                    index.put(c, row, relativePath, size, now, context.source(), !knownSeries);
                    InstanceRecord record = new InstanceRecord(
                            row.sopUid(),
                            row.sopClass(),
                            row.seriesUid(),
                            row.studyUid(),
                            row.patientKey(),
                            row.instanceNumber(),
                            row.transferSyntax(),
                            relativePath,
                            size,
                            now,
                            context.source());
                    return new StoreResult(
                            existing.isPresent() ? StoreResult.Outcome.REPLACED : StoreResult.Outcome.STORED, record);
                });
            } catch (StoreException e) {
                if (inPlace[0] && !replacing[0]) {
                    // The rows did not commit: take the file back out, or recovery would index an object
                    // whose sender was told it failed.
                    deleteQuietly(files.resolve(relativePath));
                }
                throw e;
            }
            if (result.outcome() == StoreResult.Outcome.DUPLICATE_IGNORED) {
                LOG.info("Instance {} from {} is already stored; kept the first copy", row.sopUid(), context.source());
                return result;
            }
            indexedSeries.add(row.seriesUid());
            announceStored(result.instance(), row.modality(), context);
            return result;
        } finally {
            lock.unlock();
        }
    }

    private void announceStored(InstanceRecord record, String modality, IngestContext context) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(StoreEvents.SOP_INSTANCE_UID, record.sopInstanceUid());
        properties.put(StoreEvents.SOP_CLASS_UID, record.sopClassUid());
        properties.put(StoreEvents.SERIES_INSTANCE_UID, record.seriesInstanceUid());
        properties.put(StoreEvents.STUDY_INSTANCE_UID, record.studyInstanceUid());
        properties.put(StoreEvents.PATIENT_KEY, record.patientKey());
        properties.put(StoreEvents.MODALITY, modality == null ? "" : modality);
        properties.put(StoreEvents.LABELS, context.labels().toArray(new String[0]));
        properties.put(StoreEvents.SOURCE, context.source());
        properties.put(StoreEvents.RECEIVED_AT, record.receivedAt().toEpochMilli());
        events.post(StoreEvents.INSTANCE_STORED, properties);
        quietSeries.touch(record.seriesInstanceUid(), record.studyInstanceUid());
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.error("Could not remove {} after a failed commit (recovery will index it): {}", file, e.getMessage());
        }
    }

    private static boolean isDiskFull(IOException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("No space left") || message.contains("Disk quota");
    }

    @Override
    public Optional<InstanceRecord> instance(String sopInstanceUid) {
        try {
            return inTransaction(c -> index.instance(c, sopInstanceUid));
        } catch (StoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public List<InstanceRecord> instances(Level level, String uid) {
        try {
            return inTransaction(c -> index.instances(c, level, uid));
        } catch (StoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public List<String> labels(String seriesInstanceUid) {
        try {
            return inTransaction(c -> index.labelsOf(c, seriesInstanceUid));
        } catch (StoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public List<InstanceRecord> receivedSince(Instant since, String afterUid, int limit) throws StoreException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return inTransaction(c -> index.receivedSince(c, since, afterUid, limit));
    }

    @Override
    public InputStream open(InstanceRecord instance) throws IOException {
        return Files.newInputStream(file(instance));
    }

    @Override
    public Path file(InstanceRecord instance) {
        return files.resolve(instance.relativePath());
    }

    @Override
    public List<Match> find(StoreQuery query) throws StoreException {
        return inTransaction(c -> index.find(c, query, FIND_CAP));
    }

    @Override
    public List<Match> page(Level level, String afterUid, int limit) throws StoreException {
        return inTransaction(c -> index.page(c, level, afterUid, limit));
    }

    @Override
    public int delete(Level level, String uid) throws StoreException {
        List<InstanceRecord> doomed = instances(level, uid);
        if (doomed.isEmpty()) {
            return 0;
        }
        // Files go to trash first: a crash before the commit puts them back, one after it empties the trash.
        List<Path> trashed = new ArrayList<>();
        for (InstanceRecord instance : doomed) {
            Path trash = files.trashPathOf(instance.relativePath());
            try {
                FileStore.moveAtomically(file(instance), trash);
                trashed.add(trash);
            } catch (NoSuchFileException e) {
                LOG.warn(
                        "File of instance {} was already missing: {}",
                        instance.sopInstanceUid(),
                        instance.relativePath());
            } catch (IOException e) {
                restore(trashed);
                throw new StoreException(
                        Reason.INTERNAL, "cannot delete " + instance.relativePath() + ": " + e.getMessage(), e);
            }
        }
        try {
            indexedSeries.clear();
            inTransaction(c -> {
                index.deleteInstances(c, doomed);
                return null;
            });
        } catch (StoreException e) {
            restore(trashed);
            throw e;
        }
        for (Path trash : trashed) {
            try {
                Files.deleteIfExists(trash);
            } catch (IOException e) {
                LOG.warn("Could not empty {} (removed on next start): {}", trash, e.getMessage());
            }
        }
        for (InstanceRecord instance : doomed) {
            Map<String, Object> properties = new HashMap<>();
            properties.put(StoreEvents.SOP_INSTANCE_UID, instance.sopInstanceUid());
            properties.put(StoreEvents.SERIES_INSTANCE_UID, instance.seriesInstanceUid());
            properties.put(StoreEvents.STUDY_INSTANCE_UID, instance.studyInstanceUid());
            properties.put(StoreEvents.PATIENT_KEY, instance.patientKey());
            events.post(StoreEvents.INSTANCE_DELETED, properties);
        }
        LOG.info("Deleted {} {}: {} instances", level.name().toLowerCase(java.util.Locale.ROOT), uid, doomed.size());
        return doomed.size();
    }

    private void restore(List<Path> trashed) {
        for (Path trash : trashed) {
            try {
                FileStore.moveAtomically(
                        trash,
                        files.resolve(FileStore.relativePathOfTrash(
                                trash.getFileName().toString())));
            } catch (IOException e) {
                LOG.error("Could not put {} back (restored on next start): {}", trash, e.getMessage());
            }
        }
    }

    @Override
    public StoreStatistics statistics() throws StoreException {
        long[] counts = inTransaction(index::statistics);
        return new StoreStatistics(
                counts[0], counts[1], counts[2], counts[3], counts[4], files.usableSpace(), database.description());
    }

    @Override
    public VerifyReport verify() throws StoreException {
        Map<String, Long> sizes = new HashMap<>();
        Map<String, String> sopByPath = new HashMap<>();
        inTransaction(c -> {
            index.eachFile(c, sizes::put, sopByPath);
            return null;
        });
        List<String> withoutRows = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        long[] seen = {0};
        Map<String, Long> remaining = new HashMap<>(sizes);
        try (var walk = Files.walk(files.objects())) {
            walk.filter(Files::isRegularFile).forEach(path -> {
                seen[0]++;
                String relative = files.root().relativize(path).toString().replace('\\', '/');
                Long expected = remaining.remove(relative);
                if (expected == null) {
                    withoutRows.add(relative);
                } else if (expected != path.toFile().length()) {
                    mismatches.add(sopByPath.get(relative));
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new StoreException(Reason.INTERNAL, "cannot walk " + files.objects() + ": " + e.getMessage(), e);
        }
        List<String> withoutFiles = new ArrayList<>();
        for (String path : remaining.keySet()) {
            withoutFiles.add(sopByPath.get(path));
        }
        return new VerifyReport(seen[0], sizes.size(), withoutRows, withoutFiles, mismatches);
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException, StoreException;
    }

    /** Runs {@code work} in one transaction, retrying when concurrent writers collide. */
    <T> T inTransaction(Work<T> work) throws StoreException {
        SQLException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (Connection c = database.connection()) {
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException e) {
                    c.rollback();
                    if (!isTransient(e)) {
                        throw e;
                    }
                    last = e;
                } catch (StoreException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new StoreException(Reason.INTERNAL, "index database failed: " + e.getMessage(), e);
            }
            try {
                Thread.sleep(attempt * 5L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new StoreException(Reason.INTERNAL, "index database kept failing: " + last.getMessage(), last);
    }

    /** Unique-key races and lock conflicts between concurrent ingests are worth a retry. */
    private static boolean isTransient(SQLException e) {
        String state = String.valueOf(e.getSQLState());
        return state.startsWith("23") || state.startsWith("40") || state.equals("HYT00") || state.equals("90131");
    }
}
