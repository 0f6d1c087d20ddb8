package org.atrium.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The platform pointed at an external SolrCloud by its ZooKeeper hosts only: a SolrCloud node with
 * embedded ZooKeeper, started from the distribution's own Solr jars, and {@code mode = EXTERNAL},
 * {@code zkHosts} in {@code etc/org.atrium.search.solr.cfg}. The ZooKeeper client runs inside
 * Karaf (org.atrium.tp.zookeeper and Netty's bundles), finds the node, and the platform creates
 * its collection there and indexes what DICOM brings in.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SolrCloudIT {

    static final int DICOM_PORT = 21136;
    static final int WEB_PORT = 18086;
    static final int NODE_PORT = 18990;
    /** The node's embedded ZooKeeper: its port + 1000. */
    static final String ZK_HOST = "127.0.0.1:" + (NODE_PORT + 1000);

    Process node;

    @Configuration
    public Option[] config() {
        return Distribution.options(
                new Distribution.Ports(18106, 11106, 44456, WEB_PORT, DICOM_PORT, 18988),
                editConfigurationFilePut("etc/org.atrium.store.cfg", "quietPeriodSeconds", "1"),
                editConfigurationFilePut("etc/org.atrium.search.solr.cfg", "mode", "EXTERNAL"),
                editConfigurationFilePut("etc/org.atrium.search.solr.cfg", "zkHosts", ZK_HOST),
                editConfigurationFilePut("etc/org.atrium.search.solr.cfg", "numShards", "2"));
    }

    @After
    public void stopNode() throws Exception {
        if (node != null) {
            node.destroy();
            if (!node.waitFor(30, TimeUnit.SECONDS)) {
                node.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    public void indexesIntoASolrCloudFoundThroughZooKeeper() throws Exception {
        Assume.assumeTrue("DCMTK not installed: apt-get install dcmtk", Dcmtk.installed());
        Path ct = SearchCorpusIT.TEST_FILES.resolve("CT_small.dcm");
        Assume.assumeTrue("pydicom test files missing: apt-get install python3-pydicom", Files.exists(ct));
        Path work = Files.createDirectories(
                Path.of(System.getProperty("atrium.itest.work")).resolve("solrcloud-" + System.nanoTime()));
        Path solrHome = Path.of(System.getProperty("karaf.home")).resolve("solr");
        Path log = work.resolve("node.log");
        node = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx384m",
                        "-DzkRun",
                        "-cp",
                        solrHome.resolve("jars") + "/*",
                        "org.atrium.search.solr.node.SolrNode",
                        "--home",
                        solrHome.toString(),
                        "--data",
                        Files.createDirectories(work.resolve("data")).toString(),
                        "--port",
                        Integer.toString(NODE_PORT))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log).contains("SOLR NODE READY")) {
            assertTrue("Solr node did not start:\n" + Files.readString(log), node.isAlive());
            assertTrue("Solr node did not start in time", System.nanoTime() < deadline);
            Thread.sleep(200);
        }

        // Two series of a patient of this test, sent as a modality would.
        String patient = "ZK" + System.nanoTime();
        String study = "2.25." + System.nanoTime();
        Path folder = Files.createDirectories(work.resolve("outgoing"));
        for (int i = 1; i <= 3; i++) {
            Path file = folder.resolve(i + ".dcm");
            Files.copy(ct, file);
            String series = study + (i < 3 ? ".1" : ".2");
            Dcmtk.Result modified = Dcmtk.run(
                    "dcmodify",
                    "-nb",
                    "-i",
                    "PatientID=" + patient,
                    "-i",
                    "StudyInstanceUID=" + study,
                    "-i",
                    "SeriesInstanceUID=" + series,
                    "-i",
                    "SOPInstanceUID=" + series + "." + i,
                    "-i",
                    "Modality=" + (i < 3 ? "CT" : "MR"),
                    file.toString());
            assertTrue(modified.output(), modified.ok());
        }
        Dcmtk.Result sent = Dcmtk.run(
                "storescu", "+sd", "-aec", "ATRIUM", "127.0.0.1", Integer.toString(DICOM_PORT), folder.toString());
        assertTrue(sent.output(), sent.ok());

        // The search component backs off up to 30 s while the cluster is not there yet.
        String q = URLEncoder.encode("PatientID:" + patient.toLowerCase(java.util.Locale.ROOT), StandardCharsets.UTF_8);
        String found = "";
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (!found.contains("\"numFound\":2") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            found = send("/api/v1/series?rows=0&q=" + q, true).body(); // 503 until the collection is ready
        }
        assertTrue("the 2 series were not indexed: " + found, found.contains("\"numFound\":2"));
        String facets = get("/api/v1/facets?level=patient&field=Modality&q=" + q, true);
        assertTrue(
                facets,
                facets.contains("{\"value\":\"CT\",\"count\":1}") && facets.contains("{\"value\":\"MR\",\"count\":1}"));

        // The collection was created on the cluster, and the health names the node found in ZooKeeper.
        String collections = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + NODE_PORT
                                        + "/solr/admin/collections?action=CLUSTERSTATUS&wt=json"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertTrue(collections, collections.contains("\"atrium\"") && collections.contains("\"shard2\""));
        String health = get("/api/v1/health", false);
        assertTrue(health, health.contains("\"nodes\":[\"http://127.0.0.1:" + NODE_PORT + "/solr\"]"));
    }

    private static String get(String path, boolean authenticated) throws Exception {
        HttpResponse<String> response = send(path, authenticated);
        assertEquals(path + " -> " + response.body(), 200, response.statusCode());
        return response.body();
    }

    private static HttpResponse<String> send(String path, boolean authenticated) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + WEB_PORT + path));
        if (authenticated) {
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((Distribution.USER + ":" + Distribution.USER)
                                            .getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
