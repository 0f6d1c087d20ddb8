package org.atrium.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.atrium.dicom.internal.pixelmed.PixelMedFiles;
import org.atrium.store.Dataset;
import org.atrium.store.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datasets on the store's database (H2 here, PostgreSQL in {@link PostgresDatasetTableTest}). */
class DatasetTableTest {

    @TempDir
    Path temp;

    Database database;
    DatasetTable datasets;

    /** Empty for embedded H2. */
    String databaseUrl() {
        return "";
    }

    String databaseUser() {
        return "atrium";
    }

    String databasePassword() {
        return "";
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void open() throws Exception {
        database = new Database(databaseUrl(), databaseUser(), databasePassword(), 4, temp.resolve("index"));
        try (Connection c = database.connection();
                Statement s = c.createStatement()) {
            s.execute("DELETE FROM dataset_series");
            s.execute("DELETE FROM dataset");
            c.commit();
        }
        DurableStore store = new DurableStore(
                new FileStore(temp.resolve("store"), false),
                database,
                new PixelMedFiles(),
                StoreConfig.DuplicatePolicy.KEEP_FIRST,
                0,
                (topic, properties) -> {},
                new QuietSeriesTracker(Duration.ofHours(1), (s, st) -> {}, System::nanoTime, false));
        datasets = new DatasetTable(store);
        for (Dataset dataset : datasets.list()) {
            datasets.delete(dataset.id());
        }
    }

    @Test
    void keepsExplicitSeriesInOrderWithoutDuplicates() throws Exception {
        Dataset lung = datasets.create("lung cohort", null, List.of("1.2.3", "1.2.4", "1.2.3"), "alice");

        assertEquals(2, lung.seriesCount());
        assertFalse(lung.savedQuery());
        assertEquals(List.of("1.2.3", "1.2.4"), datasets.series(lung.id()));
        assertEquals(3, datasets.addSeries(lung.id(), List.of("1.2.4", "1.2.5")));
        assertEquals(2, datasets.removeSeries(lung.id(), List.of("1.2.3")));
        assertEquals(List.of("1.2.4", "1.2.5"), datasets.series(lung.id()));
        assertEquals("alice", datasets.get(lung.id()).orElseThrow().owner());
    }

    @Test
    void savesAQuery() throws Exception {
        Dataset ct = datasets.create("thorax CT", "Modality:CT AND BodyPartExamined:CHEST", List.of(), "bob");

        assertTrue(ct.savedQuery());
        assertEquals(
                "Modality:CT AND BodyPartExamined:CHEST",
                datasets.get(ct.id()).orElseThrow().query());
        StoreException e = assertThrows(StoreException.class, () -> datasets.addSeries(ct.id(), List.of("1.2.3")));
        assertTrue(e.getMessage().contains("saved query"), e.getMessage());
    }

    @Test
    void renamesListsAndDeletes() throws Exception {
        Dataset a = datasets.create("b-first", null, List.of(), "x");
        datasets.create("a-second", null, List.of("1.9"), "x");

        assertEquals("renamed", datasets.rename(a.id(), " renamed ").name());
        assertEquals(
                List.of("a-second", "renamed"),
                datasets.list().stream().map(Dataset::name).toList());
        assertTrue(datasets.delete(a.id()));
        assertFalse(datasets.delete(a.id()));
        assertEquals(1, datasets.list().size());
    }

    @Test
    void refusesBadInputWithAReason() throws Exception {
        datasets.create("taken", null, List.of(), "x");

        assertTrue(assertThrows(StoreException.class, () -> datasets.create("taken", null, List.of(), "y"))
                .getMessage()
                .contains("exists already"));
        assertTrue(assertThrows(StoreException.class, () -> datasets.create(" ", null, List.of(), "y"))
                .getMessage()
                .contains("name"));
        assertTrue(assertThrows(StoreException.class, () -> datasets.create("uids", null, List.of("1.2.x; DROP"), "y"))
                .getMessage()
                .contains("not a Series Instance UID"));
        assertTrue(assertThrows(StoreException.class, () -> datasets.create("both", "Modality:CT", List.of("1.2"), "y"))
                .getMessage()
                .contains("not both"));
        assertTrue(assertThrows(StoreException.class, () -> datasets.series(999_999))
                .getMessage()
                .contains("no dataset"));
        assertTrue(datasets.list().stream().noneMatch(d -> d.name().equals("uids")), "a refused create leaves nothing");
    }
}
