package org.atrium.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.solr.client.solrj.impl.HttpJdkSolrClient;
import org.atrium.core.health.Health;
import org.atrium.dicom.internal.pixelmed.PixelMedFiles;
import org.atrium.search.FacetRequest;
import org.atrium.search.FacetResult;
import org.atrium.search.FacetResult.Bucket;
import org.atrium.search.SearchException;
import org.atrium.search.SearchLevel;
import org.atrium.search.SearchRequest;
import org.atrium.search.SearchResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The indexer and the search against a real Solr: the node of org.atrium.search.solr.node started
 * as the sidecar starts it ({@code java -cp <solr-jars>/* SolrNode}) with the distribution's
 * configset. Killed with SIGKILL half way, then started again: the outbox must catch up.
 */
class SolrIndexerTest {

    static final Path JARS = Path.of(
                    System.getProperty("atrium.solr.jars", "../org.atrium.search.solr.node/target/solr-jars"))
            .toAbsolutePath()
            .normalize();
    static final Path HOME = Path.of(
                    System.getProperty("atrium.solr.home", "../../karaf-distribution/src/main/karaf/solr"))
            .toAbsolutePath()
            .normalize();

    @TempDir
    Path temp;

    final PixelMedFiles dicom = new PixelMedFiles();
    final AtomicReference<SolrTarget> target = new AtomicReference<>();
    TestStore store;
    Process solr;
    int port;
    HttpJdkSolrClient client;
    Outbox outbox;
    Indexer indexer;
    SolrSearch search;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isDirectory(JARS), "no " + JARS + ": build org.atrium.search.solr.node first");
        assumeTrue(Files.isRegularFile(HOME.resolve("solr.xml")), "no solr.xml in " + HOME);
        store = new TestStore(dicom, Files.createDirectories(temp.resolve("files")));
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        startSolr();
        openIndexer();
        search = new SolrSearch(new Fields(keyword -> dicom.tagOf(keyword) != -1), target::get);
    }

    @AfterEach
    void stop() throws Exception {
        if (store != null) {
            store.close();
        }
        if (indexer != null) {
            indexer.close();
        }
        if (outbox != null) {
            outbox.close();
        }
        closeClient();
        if (solr != null) {
            solr.destroy();
            if (!solr.waitFor(20, TimeUnit.SECONDS)) {
                solr.destroyForcibly().waitFor();
            }
        }
    }

    private void startSolr() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        solr = new ProcessBuilder(
                        java,
                        "-Xmx512m",
                        "-cp",
                        JARS + "/*",
                        "org.atrium.search.solr.node.SolrNode",
                        "--home",
                        HOME.toString(),
                        "--data",
                        temp.resolve("solr-data").toString(),
                        "--port",
                        Integer.toString(port))
                .redirectErrorStream(true)
                .start();
        Path log = temp.resolve("solr.log");
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Process process = solr;
        Thread pump = new Thread(
                () -> {
                    try (BufferedReader reader = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            Files.writeString(
                                    log,
                                    line + "\n",
                                    StandardCharsets.UTF_8,
                                    StandardOpenOption.CREATE,
                                    StandardOpenOption.APPEND);
                            if (line.startsWith("SOLR NODE READY")) {
                                ready.complete(true);
                            }
                        }
                    } catch (IOException e) {
                        // the process went away
                    }
                    ready.complete(false);
                },
                "solr-output");
        pump.setDaemon(true);
        pump.start();
        boolean up = ready.get(120, TimeUnit.SECONDS);
        assertTrue(up, () -> "Solr did not start:\n" + read(log));
        client = new HttpJdkSolrClient.Builder("http://127.0.0.1:" + port + "/solr")
                .withConnectionTimeout(2, TimeUnit.SECONDS)
                .withRequestTimeout(10, TimeUnit.SECONDS)
                .build();
        target.set(new SolrTarget(client, "atrium"));
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private void closeClient() throws IOException {
        target.set(null);
        if (client != null) {
            client.close();
            client = null;
        }
    }

    private void openIndexer() throws IOException {
        outbox = new Outbox(temp.resolve("outbox"));
        indexer = new Indexer(store, dicom, outbox, target::get, 500, 500);
        indexer.start();
    }

    /** The small known corpus: 3 patients, 4 studies, 6 series. */
    static List<String> corpus(TestStore store) throws Exception {
        String s1 = store.add("P1", "Doe^John", "2.25.1", "20190310", "2.25.11", "CT", "CHEST", "1.0", "trial");
        store.add("P1", "Doe^John", "2.25.1", "20190310", "2.25.11", "CT", "CHEST", "1.0", "trial");
        store.add("P1", "Doe^John", "2.25.1", "20190310", "2.25.11", "CT", "CHEST", "1.0", "trial");
        store.add("P1", "Doe^John", "2.25.1", "20190310", "2.25.12", "CT", "CHEST", "2.5", null);
        store.add("P1", "Doe^John", "2.25.1", "20190310", "2.25.12", "CT", "CHEST", "2.5", null);
        String s2 = store.add("P1", "Doe^John", "2.25.2", "20200615", "2.25.21", "MR", "HEAD", "0.8", null);
        store.add("P1", "Doe^John", "2.25.2", "20200615", "2.25.21", "MR", "HEAD", "0.8", null);
        String s3 = store.add("P2", "Roe^Jane", "2.25.3", "20200101", "2.25.31", "CT", "ABDOMEN", "1.2", null);
        store.add("P2", "Roe^Jane", "2.25.3", "20200101", "2.25.32", "SEG", "ABDOMEN", null, null);
        String s4 = store.add("P3", "Poe^Edgar", "2.25.4", "20210720", "2.25.41", "MR", "KNEE", "3.0", null);
        return List.of(s1, s2, s3, s4);
    }

    /** Every series document as the API returns it, in UID order. */
    private List<Map<String, Object>> allSeries() throws SearchException {
        return search.search(new SearchRequest(SearchLevel.SERIES, "", List.of(), "SeriesInstanceUID asc", 0, 1000))
                .docs();
    }

    /** The indexed instance count of a series, or -1 while it cannot be read. */
    private int instancesOf(String seriesUid) {
        try {
            Object count = search.search(new SearchRequest(
                            SearchLevel.SERIES, "SeriesInstanceUID:" + seriesUid, List.of(), "", 0, 1))
                    .docs()
                    .get(0)
                    .get("NumberOfSeriesRelatedInstances");
            return count instanceof Number n ? n.intValue() : -1;
        } catch (SearchException | IndexOutOfBoundsException e) {
            return -1;
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    long count(SearchLevel level, String q) {
        try {
            return search.search(new SearchRequest(level, q, List.of(), "", 0, 0))
                    .numFound();
        } catch (SearchException e) {
            return -1;
        }
    }

    static List<Bucket> buckets(Object... valueCount) {
        List<Bucket> buckets = new java.util.ArrayList<>();
        for (int i = 0; i < valueCount.length; i += 2) {
            buckets.add(new Bucket((String) valueCount[i], ((Number) valueCount[i + 1]).longValue()));
        }
        return buckets;
    }

    @Test
    void indexesSearchesFacetsAndCatchesUpAfterSolrWasKilled() throws Exception {
        indexer.enqueue(corpus(store));
        await("6 series indexed", () -> indexer.backlog() == 0 && count(SearchLevel.SERIES, "") == 6);

        // Levels: series, studies, patients.
        assertEquals(4, count(SearchLevel.STUDY, ""));
        assertEquals(3, count(SearchLevel.PATIENT, ""));
        assertEquals(2, count(SearchLevel.SERIES, "Modality:CT AND StudyDate:[20190101 TO 20191231]"));
        assertEquals(4, count(SearchLevel.SERIES, "PatientName:doe OR PatientName:\"Roe^Jane\" -Modality:SEG"));
        assertEquals(1, count(SearchLevel.STUDY, "HasSEG:true"));
        assertEquals(1, count(SearchLevel.SERIES, "Labels:trial"));
        assertEquals(2, count(SearchLevel.SERIES, "SliceThickness:[1 TO 2]"));
        assertEquals(3, count(SearchLevel.SERIES, "chest OR knee"));
        assertEquals(2, count(SearchLevel.SERIES, "HasSEG:true"));

        SearchResult studies =
                search.search(new SearchRequest(SearchLevel.STUDY, "PatientID:P1", List.of(), "StudyDate desc", 0, 10));
        assertEquals(2, studies.numFound());
        Map<String, Object> latest = studies.docs().get(0);
        assertEquals("20200615", latest.get("StudyDate"));
        assertEquals("Doe^John", latest.get("PatientName"));
        assertEquals(List.of("MR"), latest.get("ModalitiesInStudy"));
        assertTrue(!latest.containsKey("Modality") && !latest.containsKey("SeriesInstanceUID"), latest.toString());
        SearchResult series =
                search.search(new SearchRequest(SearchLevel.SERIES, "SeriesInstanceUID:2.25.11", List.of(), "", 0, 10));
        Map<String, Object> a = series.docs().get(0);
        assertEquals(1.0, a.get("SliceThickness"));
        assertEquals(3, a.get("NumberOfSeriesRelatedInstances"));
        assertEquals(List.of("trial"), a.get("Labels"));
        assertEquals("CHEST", a.get("BodyPartExamined"));

        FacetResult facets = search.facets(new FacetRequest(
                SearchLevel.SERIES,
                "",
                List.of(),
                List.of("Modality", "BodyPartExamined"),
                List.of("StudyDate:1y", "SliceThickness:0.5"),
                0));
        assertEquals(6, facets.numFound());
        assertEquals(buckets("CT", 3, "MR", 2, "SEG", 1), facets.fields().get("Modality"));
        assertEquals(
                buckets("ABDOMEN", 2, "CHEST", 2, "HEAD", 1, "KNEE", 1),
                facets.fields().get("BodyPartExamined"));
        assertEquals(
                buckets("20190101", 2, "20200101", 3, "20210101", 1),
                facets.ranges().get("StudyDate"));
        assertEquals(
                buckets("0.5", 1, "1.0", 2, "1.5", 0, "2.0", 0, "2.5", 1, "3.0", 1),
                facets.ranges().get("SliceThickness"));
        FacetResult studyFacets = search.facets(new FacetRequest(
                SearchLevel.STUDY,
                "",
                List.of("StudyDate:[20200101 TO *]"),
                List.of("ModalitiesInStudy"),
                List.of(),
                0));
        assertEquals(3, studyFacets.numFound());
        assertEquals(buckets("MR", 2, "CT", 1, "SEG", 1), studyFacets.fields().get("ModalitiesInStudy"));

        // Whole string values match without regard to case, wildcards too; facets keep the values as sent.
        assertEquals(3, count(SearchLevel.SERIES, "Modality:ct"));
        assertEquals(3, count(SearchLevel.SERIES, "modality:Ct"));
        assertEquals(2, count(SearchLevel.SERIES, "BodyPartExamined:chest"));
        assertEquals(2, count(SearchLevel.SERIES, "BodyPartExamined:ch*"));
        assertEquals(3, count(SearchLevel.SERIES, "PatientID:p1"));
        assertEquals(6, count(SearchLevel.SERIES, "PatientID:p?"));
        assertEquals(3, count(SearchLevel.SERIES, "Modality:(mr OR Seg) AND PatientID:P*"));
        assertEquals(1, count(SearchLevel.SERIES, "Labels:TRIAL"));
        assertEquals(4, count(SearchLevel.SERIES, "ModalitiesInStudy:ct"));
        assertEquals(4, count(SearchLevel.SERIES, "BodyPartExamined:[a TO chest]"));
        // Person names by their parts, in any case.
        assertEquals(3, count(SearchLevel.SERIES, "PatientName:DOE"));
        assertEquals(3, count(SearchLevel.SERIES, "PatientName:john"));
        assertEquals(3, count(SearchLevel.SERIES, "PatientName:JO*"));
        assertEquals(3, count(SearchLevel.SERIES, "PatientName:\"doe^JOHN\""));
        assertEquals(1, count(SearchLevel.PATIENT, "PatientName:Edgar"));

        // Study and patient facets count studies and patients, not series: P1 has two CT series in
        // one study (and an MR study), P2 a CT and a SEG series in one study.
        FacetRequest byModality = new FacetRequest(
                SearchLevel.PATIENT,
                "",
                List.of(),
                List.of("Modality", "BodyPartExamined"),
                List.of("StudyDate:1y", "SliceThickness:0.5"),
                0);
        FacetResult patients = search.facets(byModality);
        assertEquals(3, patients.numFound());
        assertEquals(buckets("CT", 2, "MR", 2, "SEG", 1), patients.fields().get("Modality"));
        assertEquals(
                buckets("ABDOMEN", 1, "CHEST", 1, "HEAD", 1, "KNEE", 1),
                patients.fields().get("BodyPartExamined"));
        assertEquals(
                buckets("20190101", 1, "20200101", 2, "20210101", 1),
                patients.ranges().get("StudyDate"));
        assertEquals(
                buckets("0.5", 1, "1.0", 2, "1.5", 0, "2.0", 0, "2.5", 1, "3.0", 1),
                patients.ranges().get("SliceThickness"));
        FacetResult studyModalities = search.facets(
                new FacetRequest(SearchLevel.STUDY, "", List.of(), List.of("Modality"), List.of("StudyDate:1y"), 0));
        assertEquals(4, studyModalities.numFound());
        assertEquals(
                buckets("CT", 2, "MR", 2, "SEG", 1), studyModalities.fields().get("Modality"));
        assertEquals(
                buckets("20190101", 1, "20200101", 2, "20210101", 1),
                studyModalities.ranges().get("StudyDate"));
        // Only the matching series count: P1's MR study alone has an MR.
        FacetResult ctPatients = search.facets(new FacetRequest(
                SearchLevel.PATIENT, "Modality:CT", List.of(), List.of("Modality", "PatientID"), List.of(), 0));
        assertEquals(2, ctPatients.numFound());
        assertEquals(buckets("CT", 2), ctPatients.fields().get("Modality"));
        assertEquals(buckets("P1", 1, "P2", 1), ctPatients.fields().get("PatientID"));
        assertEquals(count(SearchLevel.PATIENT, "Modality:MR"), (long)
                patients.fields().get("Modality").get(1).count());

        SearchException bad = assertThrows(
                SearchException.class,
                () -> search.search(new SearchRequest(SearchLevel.SERIES, "Modalty:CT", List.of(), "", 0, 10)));
        assertEquals(SearchException.Reason.BAD_QUERY, bad.reason());
        assertTrue(indexer.verify().clean(), indexer.verify().toString());

        // Solr dies (SIGKILL) while the store keeps taking objects.
        solr.destroyForcibly().waitFor();
        assertEquals(
                SearchException.Reason.UNAVAILABLE,
                assertThrows(SearchException.class, () -> search.search(SearchRequest.of(SearchLevel.SERIES, "")))
                        .reason());
        String s5 = store.add("P3", "Poe^Edgar", "2.25.5", "20220101", "2.25.51", "CT", "CHEST", "0.6", null);
        store.add("P3", "Poe^Edgar", "2.25.5", "20220101", "2.25.51", "CT", "CHEST", "0.6", null);
        String s4 = store.add("P3", "Poe^Edgar", "2.25.4", "20210720", "2.25.41", "MR", "KNEE", "3.0", null);
        indexer.enqueue(List.of(s5, s4));
        await("a failed attempt", () -> indexer.lastError() != null);
        assertEquals(2, indexer.backlog());
        assertEquals(
                Health.Status.DEGRADED,
                SearchComponent.health(target.get(), indexer).status());
        closeClient();
        assertEquals(
                Health.Status.DEGRADED, SearchComponent.health(null, indexer).status());

        // The platform restarts too: the outbox file alone remembers the two studies.
        indexer.close();
        outbox.close();
        openIndexer();
        assertEquals(2, indexer.backlog());

        startSolr();
        indexer.wake();
        await("the outbox drained", () -> indexer.backlog() == 0 && count(SearchLevel.SERIES, "") == 7);
        assertEquals(5, count(SearchLevel.STUDY, ""));
        // The knee series had one instance before Solr died and two after: its document is rewritten.
        await("the knee series rewritten", () -> instancesOf("2.25.41") == 2);
        FacetResult after =
                search.facets(new FacetRequest(SearchLevel.SERIES, "", List.of(), List.of("Modality"), List.of(), 0));
        assertEquals(buckets("CT", 4, "MR", 2, "SEG", 1), after.fields().get("Modality"));
        Indexer.Verification verification = indexer.verify();
        assertTrue(verification.clean(), verification.toString());

        // A full reindex from the store gives exactly the documents the incremental indexing made.
        List<Map<String, Object>> incremental = allSeries();
        assertEquals(7, incremental.size());
        assertEquals(5, indexer.reindex(line -> {}, java.time.Duration.ofSeconds(60)));
        await("the reindex visible", () -> {
            try {
                return allSeries().equals(incremental);
            } catch (SearchException e) {
                return false;
            }
        });
        assertEquals(incremental, allSeries());
        assertEquals(
                Health.Status.UP, SearchComponent.health(target.get(), indexer).status());

        // A deleted series disappears when its study is indexed again; verify notices before that.
        store.delete("2.25.12");
        assertEquals(List.of("2.25.12"), indexer.verify().extra());
        indexer.enqueue(List.of("2.25.1"));
        await("the deleted series gone", () -> count(SearchLevel.SERIES, "") == 6);
        assertNotNull(search.search(SearchRequest.of(SearchLevel.SERIES, "SeriesInstanceUID:2.25.11"))
                .docs()
                .get(0));
        assertEquals(Set.of(), Set.copyOf(indexer.verify().extra()));
    }
}
