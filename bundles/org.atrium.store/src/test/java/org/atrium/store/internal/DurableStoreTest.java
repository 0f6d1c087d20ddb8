package org.atrium.store.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.atrium.dicom.internal.pixelmed.PixelMedFiles;
import org.atrium.store.IngestContext;
import org.atrium.store.Match;
import org.atrium.store.ResearchStore.Level;
import org.atrium.store.StoreEvents;
import org.atrium.store.StoreException;
import org.atrium.store.StoreQuery;
import org.atrium.store.StoreResult;
import org.atrium.store.VerifyReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store against a real database: embedded H2 here; {@link PostgresDurableStoreTest} runs the
 * same tests on PostgreSQL.
 */
class DurableStoreTest {

    @TempDir
    Path temp;

    final PixelMedFiles dicom = new PixelMedFiles();
    final List<String> topics = Collections.synchronizedList(new ArrayList<>());
    final List<Map<String, Object>> events = Collections.synchronizedList(new ArrayList<>());
    Database database;
    DurableStore store;
    TestObjects objects;

    /** Null for H2; subclasses return a JDBC URL. */
    String databaseUrl() {
        return "";
    }

    String databaseUser() {
        return "atrium";
    }

    String databasePassword() {
        return "";
    }

    @BeforeEach
    void open() throws Exception {
        database = new Database(databaseUrl(), databaseUser(), databasePassword(), 10, temp.resolve("index"));
        if (!databaseUrl().isEmpty()) {
            try (Connection c = database.connection();
                    Statement s = c.createStatement()) {
                for (String table : List.of("instance", "series_label", "series", "study", "patient")) {
                    s.execute("DELETE FROM " + table);
                }
                c.commit();
            }
        }
        store = openStore(StoreConfig.DuplicatePolicy.KEEP_FIRST);
        objects = new TestObjects(dicom, temp.resolve("in"));
    }

    DurableStore openStore(StoreConfig.DuplicatePolicy policy) throws IOException {
        return new DurableStore(
                new FileStore(temp.resolve("store"), true),
                database,
                dicom,
                policy,
                0,
                (topic, properties) -> {
                    topics.add(topic);
                    events.add(properties);
                },
                new QuietSeriesTracker(Duration.ofHours(1), (s, st) -> {}, System::nanoTime, false));
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void storesTheBytesAsReceivedAndIndexesThem() throws Exception {
        String study = TestObjects.uid();
        String series = TestObjects.uid();
        String sop = TestObjects.uid();
        Path file = objects.write("P1", "Doe^Jane", study, "20240102", series, "CT", 7, sop);
        byte[] original = Files.readAllBytes(file);

        StoreResult result = store.store(file, new IngestContext("MODALITY", "ATRIUM", Set.of("lung")));

        assertEquals(StoreResult.Outcome.STORED, result.outcome());
        assertFalse(Files.exists(file), "the file is moved into the store");
        assertArrayEquals(original, Files.readAllBytes(store.file(result.instance())));
        var record = store.instance(sop).orElseThrow();
        assertEquals(series, record.seriesInstanceUid());
        assertEquals(study, record.studyInstanceUid());
        assertEquals(7, record.instanceNumber());
        assertEquals(original.length, record.size());
        assertEquals("MODALITY", record.source());
        assertEquals(List.of("lung"), store.labels(series));
        assertEquals(List.of(StoreEvents.INSTANCE_STORED), topics);
    }

    @Test
    void listsWhatWasReceivedSinceAnInstantPageByPage() throws Exception {
        String study = TestObjects.uid();
        String series = TestObjects.uid();
        Instant before = Instant.now().minusMillis(1);
        List<String> stored = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String sop = TestObjects.uid();
            StoreResult result = store.store(
                    objects.write("P1", "A^B", study, "20240101", series, "CT", i, sop),
                    new IngestContext("workflow:seg", "ATRIUM", Set.of()));
            stored.add(sop);
            assertEquals(
                    result.instance().receivedAt().toEpochMilli(),
                    events.get(events.size() - 1).get(StoreEvents.RECEIVED_AT),
                    "the event tells when, as the index does");
            assertEquals(result.instance(), store.instance(sop).orElseThrow(), "the event's time is the row's");
        }
        List<String> paged = new ArrayList<>();
        Instant since = before;
        String afterUid = null;
        while (true) {
            List<org.atrium.store.InstanceRecord> page = store.receivedSince(since, afterUid, 2);
            page.forEach(r -> paged.add(r.sopInstanceUid()));
            if (page.size() < 2) {
                break;
            }
            since = page.get(1).receivedAt();
            afterUid = page.get(1).sopInstanceUid();
        }
        assertEquals(stored, paged, "each once, in the order received");
        org.atrium.store.InstanceRecord third = store.instance(stored.get(2)).orElseThrow();
        assertEquals(
                stored.subList(2, 5),
                store.receivedSince(third.receivedAt(), null, 10).stream()
                        .map(org.atrium.store.InstanceRecord::sopInstanceUid)
                        .toList());
        assertEquals(List.of(), store.receivedSince(Instant.now().plusSeconds(1), null, 10));
    }

    @Test
    void keepsTheFirstCopyOfADuplicate() throws Exception {
        String sop = TestObjects.uid();
        String study = TestObjects.uid();
        String series = TestObjects.uid();
        store.store(
                objects.write("P1", "A^B", study, "20240101", series, "CT", 1, sop),
                new IngestContext("A", "B", Set.of()));
        Path again = objects.write("P1", "Changed^Name", study, "20240101", series, "CT", 1, sop);

        StoreResult result = store.store(again, new IngestContext("A", "B", Set.of()));

        assertEquals(StoreResult.Outcome.DUPLICATE_IGNORED, result.outcome());
        assertTrue(Files.exists(again), "the caller discards the duplicate");
        assertEquals(1, store.statistics().instances());
    }

    @Test
    void replacesADuplicateWhenConfiguredTo() throws Exception {
        DurableStore replacing = openStore(StoreConfig.DuplicatePolicy.REPLACE);
        String sop = TestObjects.uid();
        String study = TestObjects.uid();
        String series = TestObjects.uid();
        replacing.store(
                objects.write("P1", "A^B", study, "20240101", series, "CT", 1, sop),
                new IngestContext("A", "B", Set.of()));
        Path again = objects.write("P1", "A^B", study, "20240101", series, "CT", 2, sop);
        byte[] second = Files.readAllBytes(again);

        StoreResult result = replacing.store(again, new IngestContext("A", "B", Set.of()));

        assertEquals(StoreResult.Outcome.REPLACED, result.outcome());
        assertArrayEquals(second, Files.readAllBytes(replacing.file(result.instance())));
        assertEquals(2, replacing.instance(sop).orElseThrow().instanceNumber());
        assertEquals(1, replacing.statistics().instances());
    }

    @Test
    void refusesWhatIsNotDicomAndLeavesNothingBehind() throws Exception {
        Path junk = Files.writeString(temp.resolve("junk.dcm"), "this is not DICOM at all");

        StoreException e =
                assertThrows(StoreException.class, () -> store.store(junk, new IngestContext("A", "B", Set.of())));

        assertEquals(StoreException.Reason.INVALID_OBJECT, e.reason());
        assertTrue(Files.exists(junk));
        assertEquals(0, store.statistics().instances());
        assertTrue(store.verify().clean());
    }

    @Test
    void refusesNewObjectsWhenTheDiskIsNearlyFull() throws Exception {
        DurableStore full = new DurableStore(
                new FileStore(temp.resolve("store"), true),
                database,
                dicom,
                StoreConfig.DuplicatePolicy.KEEP_FIRST,
                Long.MAX_VALUE,
                (topic, properties) -> topics.add(topic),
                new QuietSeriesTracker(Duration.ofHours(1), (s, st) -> {}, System::nanoTime, false));
        Path file = objects.write(
                "P1", "A^B", TestObjects.uid(), "20240101", TestObjects.uid(), "CT", 1, TestObjects.uid());

        StoreException e =
                assertThrows(StoreException.class, () -> full.store(file, new IngestContext("A", "B", Set.of())));

        assertEquals(StoreException.Reason.OUT_OF_RESOURCES, e.reason());
        assertTrue(e.getMessage().contains("MB free"), e.getMessage());
        assertTrue(Files.exists(file), "the caller still has the object to discard");
        assertEquals(0, full.statistics().instances());
        assertTrue(full.verify().clean());
        assertEquals(List.of(), topics);
    }

    @Test
    void findsByDicomMatchingRules() throws Exception {
        String studyA = TestObjects.uid();
        String studyB = TestObjects.uid();
        String seriesA1 = TestObjects.uid();
        String seriesA2 = TestObjects.uid();
        String seriesB = TestObjects.uid();
        IngestContext from = new IngestContext("A", "B", Set.of());
        store.store(objects.write("P1", "Doe^Jane", studyA, "20240110", seriesA1, "CT", 1, TestObjects.uid()), from);
        store.store(objects.write("P1", "Doe^Jane", studyA, "20240110", seriesA1, "CT", 2, TestObjects.uid()), from);
        store.store(objects.write("P1", "Doe^Jane", studyA, "20240110", seriesA2, "SEG", 1, TestObjects.uid()), from);
        store.store(objects.write("P2", "Roe^Richard", studyB, "20230505", seriesB, "MR", 1, TestObjects.uid()), from);

        List<Match> patients = store.find(new StoreQuery(Level.PATIENT, Map.of("PatientName", "doe*")));
        assertEquals(1, patients.size());
        assertEquals("P1", patients.get(0).get("PatientID"));
        assertEquals("1", patients.get(0).get("NumberOfPatientRelatedStudies"));
        assertEquals("3", patients.get(0).get("NumberOfPatientRelatedInstances"));

        List<Match> studies = store.find(new StoreQuery(Level.STUDY, Map.of("StudyDate", "20240101-")));
        assertEquals(1, studies.size());
        assertEquals(studyA, studies.get(0).get("StudyInstanceUID"));
        assertEquals("CT\\SEG", studies.get(0).get("ModalitiesInStudy"));
        assertEquals("2", studies.get(0).get("NumberOfStudyRelatedSeries"));

        assertEquals(
                1,
                store.find(new StoreQuery(Level.STUDY, Map.of("ModalitiesInStudy", "MR")))
                        .size());
        assertEquals(
                2,
                store.find(new StoreQuery(Level.STUDY, Map.of("StudyInstanceUID", studyA + "\\" + studyB)))
                        .size());
        assertEquals(
                0,
                store.find(new StoreQuery(Level.STUDY, Map.of("StudyDate", "-20221231")))
                        .size());

        List<Match> series =
                store.find(new StoreQuery(Level.SERIES, Map.of("StudyInstanceUID", studyA, "Modality", "CT")));
        assertEquals(1, series.size());
        assertEquals("2", series.get(0).get("NumberOfSeriesRelatedInstances"));

        assertEquals(
                2,
                store.find(new StoreQuery(Level.INSTANCE, Map.of("SeriesInstanceUID", seriesA1)))
                        .size());
        assertEquals(
                1,
                store.find(new StoreQuery(Level.INSTANCE, Map.of("SeriesInstanceUID", seriesA1, "InstanceNumber", "2")))
                        .size());
        assertEquals(
                0,
                store.find(new StoreQuery(Level.PATIENT, Map.of("PatientID", "P?9")))
                        .size());
    }

    @Test
    void pagesThroughEveryStudyAndSeriesInUidOrder() throws Exception {
        IngestContext from = new IngestContext("A", "B", Set.of());
        List<String> series = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String study = TestObjects.uid();
            String uid = TestObjects.uid();
            series.add(uid);
            store.store(objects.write("P" + i, "A^B", study, "20240101", uid, "CT", 1, TestObjects.uid()), from);
            store.store(objects.write("P" + i, "A^B", study, "20240101", uid, "CT", 2, TestObjects.uid()), from);
        }
        List<String> paged = new ArrayList<>();
        String after = null;
        int pages = 0;
        while (true) {
            List<Match> page = store.page(Level.SERIES, after, 3);
            if (page.isEmpty()) {
                break;
            }
            pages++;
            for (Match match : page) {
                paged.add(match.get("SeriesInstanceUID"));
                assertEquals("2", match.get("NumberOfSeriesRelatedInstances"));
            }
            after = paged.get(paged.size() - 1);
        }
        Collections.sort(series);
        assertEquals(series, paged);
        assertEquals(3, pages);
        assertEquals(7, store.page(Level.STUDY, null, 100).size());
        assertThrows(IllegalArgumentException.class, () -> store.page(Level.PATIENT, null, 10));
    }

    @Test
    void rejectsQueriesItCannotUnderstand() {
        StoreException range = assertThrows(
                StoreException.class, () -> store.find(new StoreQuery(Level.STUDY, Map.of("StudyDate", "2024-01-01"))));
        assertEquals(StoreException.Reason.INVALID_QUERY, range.reason());
        StoreException number = assertThrows(
                StoreException.class, () -> store.find(new StoreQuery(Level.SERIES, Map.of("SeriesNumber", "one"))));
        assertTrue(number.getMessage().contains("SeriesNumber"));
    }

    @Test
    void deletesFilesAndRowsTogether() throws Exception {
        String study = TestObjects.uid();
        String series = TestObjects.uid();
        String keep = TestObjects.uid();
        IngestContext from = new IngestContext("A", "B", Set.of());
        store.store(objects.write("P1", "A^B", study, "20240101", series, "CT", 1, TestObjects.uid()), from);
        store.store(objects.write("P1", "A^B", study, "20240101", series, "CT", 2, TestObjects.uid()), from);
        store.store(objects.write("P1", "A^B", study, "20240101", keep, "SR", 1, TestObjects.uid()), from);

        assertEquals(2, store.delete(Level.SERIES, series));

        assertEquals(1, store.statistics().instances());
        assertEquals(1, store.statistics().series());
        assertTrue(store.verify().clean());
        assertEquals(1, store.delete(Level.STUDY, study));
        assertEquals(0, store.statistics().patients());
        assertEquals(0, store.verify().filesChecked());
        assertEquals(
                3, topics.stream().filter(StoreEvents.INSTANCE_DELETED::equals).count());
    }

    @Test
    void recoveryIndexesFilesThatMissedTheirCommit() throws Exception {
        String sop = TestObjects.uid();
        Path file = objects.write("P9", "Crash^Test", TestObjects.uid(), "20240101", TestObjects.uid(), "CT", 1, sop);
        // A crash between rename and commit leaves exactly this: a file in place, no rows.
        Path placed = store.files().resolve(FileStore.relativePathOf(sop));
        Files.createDirectories(placed.getParent());
        Files.move(file, placed);
        Path garbage = store.files().resolve("objects/00/00/garbage.dcm");
        Files.createDirectories(garbage.getParent());
        Files.writeString(garbage, "half a file");
        Files.writeString(store.files().incoming().resolve("partial.part"), "never acknowledged");
        VerifyReport before = store.verify();
        assertEquals(2, before.filesWithoutRows().size());

        Recovery.Outcome outcome = new Recovery(store, dicom).run();

        assertEquals(1, outcome.reindexed());
        assertEquals(1, outcome.quarantined());
        assertEquals(1, outcome.incomingRemoved());
        assertTrue(store.instance(sop).isPresent());
        assertTrue(Files.exists(store.files().quarantine().resolve("garbage.dcm")));
        assertTrue(store.verify().clean());
    }

    @Test
    void recoveryPutsBackAnUncommittedDelete() throws Exception {
        String sop = TestObjects.uid();
        var result = store.store(
                objects.write("P1", "A^B", TestObjects.uid(), "20240101", TestObjects.uid(), "CT", 1, sop),
                new IngestContext("A", "B", Set.of()));
        Files.move(
                store.file(result.instance()),
                store.files().trashPathOf(result.instance().relativePath()));

        Recovery.Outcome outcome = new Recovery(store, dicom).run();

        assertEquals(1, outcome.trashRestored());
        assertTrue(store.verify().clean());
    }

    @Test
    void verifyFindsRowsWithoutFiles() throws Exception {
        String sop = TestObjects.uid();
        var result = store.store(
                objects.write("P1", "A^B", TestObjects.uid(), "20240101", TestObjects.uid(), "CT", 1, sop),
                new IngestContext("A", "B", Set.of()));
        Files.delete(store.file(result.instance()));

        VerifyReport report = store.verify();

        assertEquals(List.of(sop), report.rowsWithoutFiles());
        assertFalse(report.clean());
    }

    @Test
    void concurrentIngestIntoOneStudyLosesNothing() throws Exception {
        String study = TestObjects.uid();
        List<String> series = List.of(TestObjects.uid(), TestObjects.uid());
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            files.add(objects.write("P1", "A^B", study, "20240101", series.get(i % 2), "CT", i, TestObjects.uid()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<StoreResult>> results = new ArrayList<>();
            for (Path file : files) {
                results.add(pool.submit(() -> store.store(file, new IngestContext("A", "B", Set.of()))));
            }
            for (Future<StoreResult> result : results) {
                assertEquals(StoreResult.Outcome.STORED, result.get().outcome());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(80, store.statistics().instances());
        assertEquals(2, store.statistics().series());
        assertEquals(1, store.statistics().studies());
        assertTrue(store.verify().clean());
    }

    /** Skips with the reason when no PostgreSQL server was given. */
    static void assumePostgres() {
        Assumptions.assumeTrue(
                System.getenv("ATRIUM_TEST_PG_URL") != null,
                "no PostgreSQL: set ATRIUM_TEST_PG_URL (and _USER, _PASSWORD); .ci/run starts one");
    }
}
