package org.atrium.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.atrium.core.health.Health;
import org.atrium.dicom.internal.pixelmed.PixelMedFiles;
import org.atrium.search.FacetRequest;
import org.atrium.search.FacetResult;
import org.atrium.search.SearchException;
import org.atrium.search.SearchLevel;
import org.atrium.search.SearchRequest;
import org.atrium.search.SearchResult;
import org.atrium.search.internal.sidecar.SolrEndpoint;
import org.atrium.store.StoreEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;

/**
 * The scale-out path: a real two-node SolrCloud (embedded ZooKeeper on node 1) started from the
 * node module's jars, and a standalone node beside it. Atrium's search component creates the
 * 2-shard collection itself, indexes the same corpus into both, and every search and facet must
 * give the same answer on both.
 */
class SolrCloudIndexerTest {

    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path temp;

    final PixelMedFiles dicom = new PixelMedFiles();
    final List<Process> nodes = new ArrayList<>();
    final List<SearchComponent> components = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (SearchComponent component : components) {
            component.deactivate();
        }
        for (Process node : nodes) {
            node.destroy();
        }
        for (Process node : nodes) {
            if (!node.waitFor(30, TimeUnit.SECONDS)) {
                node.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void createsTheTwoShardCollectionAndAnswersLikeStandalone() throws Exception {
        assumeTrue(
                Files.isDirectory(SolrIndexerTest.JARS),
                "no " + SolrIndexerTest.JARS + ": build org.atrium.search.solr.node first");
        assumeTrue(
                Files.isRegularFile(SolrIndexerTest.HOME.resolve("zoo.cfg")), "no zoo.cfg in " + SolrIndexerTest.HOME);
        long began = System.nanoTime();
        int port1 = freePort(1000);
        int port2 = freePort(0);
        int standalonePort = freePort(0);
        Path log1 = startNode(port1, "node1", "-DzkRun");
        Path log2 = startNode(port2, "node2", "-DzkHost=127.0.0.1:" + (port1 + 1000));
        Path log3 = startNode(standalonePort, "standalone");
        awaitReady(log1, nodes.get(0));
        awaitReady(log2, nodes.get(1));
        awaitReady(log3, nodes.get(2));
        String cloud1 = "http://127.0.0.1:" + port1 + "/solr";
        String cloud2 = "http://127.0.0.1:" + port2 + "/solr";
        awaitLiveNodes(cloud1, 2);
        long nodesUp = System.nanoTime();

        TestStore store = new TestStore(dicom, Files.createDirectories(temp.resolve("files")));
        SolrIndexerTest.corpus(store);
        // Patients with one study each, so that both shards surely get documents.
        for (int i = 4; i <= 7; i++) {
            store.add(
                    "P" + i,
                    "Extra^" + i,
                    "2.25.10" + i,
                    "2022030" + i,
                    "2.25.10" + i + "1",
                    "US",
                    "NECK",
                    "1.0",
                    null);
        }
        // Two shards, each with a replica on both nodes: either node alone can answer for all.
        SolrEndpoint.CloudLayout layout = SolrEndpoint.CloudLayout.of(SolrIndexerTest.HOME, "atrium", 2, 2);
        SearchComponent cloud = component(store, "cloud");
        SolrEndpoint first = new SolrEndpoint(List.of(cloud1), "atrium", "", layout);
        cloud.bindEndpoint(first);
        SearchComponent standalone = component(store, "standalone");
        standalone.bindEndpoint(
                new SolrEndpoint(List.of("http://127.0.0.1:" + standalonePort + "/solr"), "atrium", "", layout));

        assertEquals(8, cloud.reindex(line -> {}, Duration.ofSeconds(120)));
        assertEquals(8, standalone.reindex(line -> {}, Duration.ofSeconds(120)));
        long indexed = System.nanoTime();
        for (SearchComponent component : components) {
            SolrIndexerTest.await("10 series searchable", () -> count(component, SearchLevel.SERIES, "") == 10);
        }
        commit(cloud1);

        // The collection Atrium created: 2 shards with the compositeId router, documents on both.
        String status = get(cloud1 + "/admin/collections?action=CLUSTERSTATUS&collection=atrium&wt=json&indent=false");
        assertTrue(status.contains("\"shard1\"") && status.contains("\"shard2\""), status);
        assertTrue(
                Pattern.compile("\"router\":\\{\\s*\"name\":\"compositeId\"")
                        .matcher(status)
                        .find(),
                status);
        String shards = get(cloud2 + "/atrium/select?q=*:*&rows=0&shards.info=true&wt=json&indent=false");
        List<Long> perShard = numbersAfter("\"numFound\":", shards);
        assertEquals(3, perShard.size(), shards);
        assertTrue(perShard.get(0) > 0 && perShard.get(1) > 0, "both shards hold documents: " + shards);

        // Exact counts, and the very same answers as the standalone node.
        assertEquals(10, count(cloud, SearchLevel.SERIES, ""));
        assertEquals(8, count(cloud, SearchLevel.STUDY, ""));
        assertEquals(7, count(cloud, SearchLevel.PATIENT, ""));
        assertEquals(2, count(cloud, SearchLevel.STUDY, "PatientID:P1"));
        assertEquals(2, count(cloud, SearchLevel.PATIENT, "Modality:MR"));
        List<SearchRequest> searches = List.of(
                new SearchRequest(SearchLevel.SERIES, "", List.of(), "SeriesInstanceUID asc", 0, 100),
                new SearchRequest(SearchLevel.STUDY, "", List.of(), "StudyInstanceUID asc", 0, 100),
                new SearchRequest(SearchLevel.PATIENT, "", List.of(), "PatientID asc", 0, 100),
                new SearchRequest(
                        SearchLevel.STUDY,
                        "chest OR neck",
                        List.of("StudyDate:[20190101 TO *]"),
                        "StudyDate desc",
                        1,
                        3),
                new SearchRequest(
                        SearchLevel.PATIENT, "HasSEG:true OR Modality:MR", List.of(), "PatientID desc", 0, 10));
        for (SearchRequest request : searches) {
            SearchResult expected = standalone.search(request);
            assertTrue(expected.numFound() > 0, request.toString());
            assertEquals(expected, cloud.search(request), request.toString());
        }
        List<FacetRequest> facetRequests = List.of(
                new FacetRequest(
                        SearchLevel.SERIES,
                        "",
                        List.of(),
                        List.of("Modality", "BodyPartExamined"),
                        List.of("StudyDate:1y", "SliceThickness:0.5"),
                        0),
                new FacetRequest(
                        SearchLevel.STUDY, "", List.of(), List.of("ModalitiesInStudy"), List.of("StudyDate:1y"), 0),
                new FacetRequest(SearchLevel.PATIENT, "", List.of(), List.of("PatientName"), List.of(), 0),
                new FacetRequest(
                        SearchLevel.PATIENT,
                        "",
                        List.of(),
                        List.of("Modality", "BodyPartExamined"),
                        List.of("StudyDate:1y", "SliceThickness:0.5"),
                        0));
        for (FacetRequest request : facetRequests) {
            assertEquals(standalone.facets(request), cloud.facets(request), request.toString());
        }
        FacetResult series = cloud.facets(facetRequests.get(0));
        assertEquals(
                SolrIndexerTest.buckets("US", 4, "CT", 3, "MR", 2, "SEG", 1),
                series.fields().get("Modality"));
        FacetResult studies = cloud.facets(facetRequests.get(1));
        assertEquals(8, studies.numFound());
        assertEquals(
                SolrIndexerTest.buckets("US", 4, "CT", 2, "MR", 2, "SEG", 1),
                studies.fields().get("ModalitiesInStudy"));
        assertEquals(7, cloud.facets(facetRequests.get(2)).numFound());
        // Patients, not series, on two shards: P1's two CT series count once.
        FacetResult patients = cloud.facets(facetRequests.get(3));
        assertEquals(7, patients.numFound());
        assertEquals(
                SolrIndexerTest.buckets("US", 4, "CT", 2, "MR", 2, "SEG", 1),
                patients.fields().get("Modality"));
        assertEquals(
                SolrIndexerTest.buckets("20190101", 1, "20200101", 2, "20210101", 1, "20220101", 4),
                patients.ranges().get("StudyDate"));
        assertTrue(cloud.verify().clean(), cloud.verify().toString());
        assertEquals(Health.Status.UP, cloud.check().status(), cloud.check().toString());

        // A series deleted from the store: its document goes (a delete by routed id) on both.
        store.delete("2.25.12");
        Event deleted = new Event(StoreEvents.INSTANCE_DELETED, Map.of(StoreEvents.STUDY_INSTANCE_UID, "2.25.1"));
        cloud.handleEvent(deleted);
        standalone.handleEvent(deleted);
        for (SearchComponent component : components) {
            SolrIndexerTest.await("the deleted series gone", () -> count(component, SearchLevel.SERIES, "") == 9);
            commit(component == cloud ? cloud1 : "http://127.0.0.1:" + standalonePort + "/solr");
            assertTrue(component.verify().clean(), component.verify().toString());
        }

        // Both nodes as the endpoint by URL, the second one listed first: requests go to either.
        cloud.unbindEndpoint(first);
        String zkHost = "127.0.0.1:" + (port1 + 1000);
        cloud.bindEndpoint(new SolrEndpoint(List.of(cloud2, cloud1), "atrium", "", layout));
        SolrIndexerTest.await("both nodes in use", () -> count(cloud, SearchLevel.SERIES, "") == 9);
        for (FacetRequest request : facetRequests) {
            assertEquals(standalone.facets(request), cloud.facets(request), request.toString());
        }

        // ZooKeeper hosts alone: the live nodes are read there.
        SearchComponent viaZooKeeper = component(store, "zookeeper");
        viaZooKeeper.bindEndpoint(new SolrEndpoint(List.of(), "atrium", zkHost, layout));
        SolrIndexerTest.await("the live nodes from ZooKeeper", () -> Set.copyOf(viaZooKeeper.solrNodes())
                .equals(Set.of(cloud1, cloud2)));
        for (FacetRequest request : facetRequests) {
            assertEquals(standalone.facets(request), viaZooKeeper.facets(request), request.toString());
        }

        // The first node listed stops: searches and indexing go on through the other one.
        nodes.get(1).destroy();
        assertTrue(nodes.get(1).waitFor(30, TimeUnit.SECONDS));
        for (int i = 0; i < 5; i++) {
            assertEquals(9, count(cloud, SearchLevel.SERIES, ""), "search " + i + " with node 2 down");
        }
        SolrIndexerTest.await(
                "node 2 gone from ZooKeeper", () -> viaZooKeeper.solrNodes().equals(List.of(cloud1)));
        assertEquals(9, count(viaZooKeeper, SearchLevel.SERIES, ""));
        for (FacetRequest request : facetRequests) {
            assertEquals(standalone.facets(request), cloud.facets(request), request.toString());
        }
        store.add("P8", "Late^Comer", "2.25.108", "20230101", "2.25.1081", "MR", "HEAD", "1.0", null);
        Event stored = new Event(StoreEvents.INSTANCE_STORED, Map.of(StoreEvents.STUDY_INSTANCE_UID, "2.25.108"));
        cloud.handleEvent(stored);
        SolrIndexerTest.await("a study indexed with node 2 down", () -> count(cloud, SearchLevel.SERIES, "") == 10);
        commit(cloud1);
        assertEquals(1, count(cloud, SearchLevel.PATIENT, "PatientID:p8"));
        assertEquals(10, count(viaZooKeeper, SearchLevel.SERIES, ""));
        assertTrue(cloud.verify().clean(), cloud.verify().toString());

        System.out.printf(
                "SolrCloud search test: 3 nodes up in %d ms, collection created and 8 studies indexed in %d ms,"
                        + " total %d ms%n",
                Duration.ofNanos(nodesUp - began).toMillis(),
                Duration.ofNanos(indexed - nodesUp).toMillis(),
                Duration.ofNanos(System.nanoTime() - began).toMillis());
    }

    private SearchComponent component(TestStore store, String name) throws IOException {
        Map<String, Object> values =
                Map.of("outboxDirectory", temp.resolve("outbox-" + name).toString(), "commitWithinMs", 200);
        SearchConfig config = (SearchConfig) Proxy.newProxyInstance(
                SearchConfig.class.getClassLoader(),
                new Class<?>[] {SearchConfig.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
        SearchComponent component = new SearchComponent(store, dicom, config);
        components.add(component);
        return component;
    }

    private static long count(SearchComponent component, SearchLevel level, String q) {
        try {
            return component
                    .search(new SearchRequest(level, q, List.of(), "", 0, 0))
                    .numFound();
        } catch (SearchException e) {
            return -1;
        }
    }

    private Path startNode(int port, String name, String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of(
                "-cp",
                SolrIndexerTest.JARS + "/*",
                "org.atrium.search.solr.node.SolrNode",
                "--home",
                SolrIndexerTest.HOME.toString(),
                "--data",
                Files.createDirectories(temp.resolve(name)).toString(),
                "--port",
                Integer.toString(port)));
        Path log = temp.resolve(name + ".log");
        nodes.add(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start());
        return log;
    }

    private static void awaitReady(Path log, Process node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log).contains("SOLR NODE READY")) {
            if (!node.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("Solr node did not start:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    private static void awaitLiveNodes(String baseUrl, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Pattern live = Pattern.compile("\"live_nodes\":\\[([^\\]]*)\\]");
        while (System.nanoTime() < deadline) {
            Matcher m = live.matcher(get(baseUrl + "/admin/collections?action=CLUSTERSTATUS&wt=json"));
            if (m.find() && m.group(1).split(",").length >= expected) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("fewer than " + expected + " live nodes");
    }

    /**
     * Makes everything sent visible on every replica: each replica opens its searcher on its own
     * commitWithin timer, so a count seen on one replica may not be on the other yet.
     */
    private static void commit(String baseUrl) throws Exception {
        get(baseUrl + "/atrium/update?commit=true&waitSearcher=true&wt=json");
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), () -> url + " -> " + response.body());
        return response.body();
    }

    private static List<Long> numbersAfter(String key, String json) {
        List<Long> numbers = new ArrayList<>();
        Matcher m = Pattern.compile(Pattern.quote(key) + "(\\d+)").matcher(json);
        while (m.find()) {
            numbers.add(Long.parseLong(m.group(1)));
        }
        return numbers;
    }

    /** A free loopback port whose neighbour at +offset is free too (embedded ZooKeeper takes port + 1000). */
    private static int freePort(int offset) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            if (offset == 0) {
                return port;
            }
            if (port + offset < 65536) {
                try (ServerSocket ignored = new ServerSocket(port + offset, 1, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException busy) {
                    // another pair
                }
            }
        }
        throw new IOException("no free port pair");
    }
}
