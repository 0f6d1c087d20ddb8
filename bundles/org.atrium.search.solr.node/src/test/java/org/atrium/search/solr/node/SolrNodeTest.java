package org.atrium.search.solr.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SolrNodeTest {

    @TempDir
    Path tmp;

    @Test
    void standaloneNodeCreatesTheCoreIndexesSearchesAndStopsOnSigterm() throws Exception {
        Path data = tmp.resolve("data");
        try (NodeProcess node = NodeProcess.start(NodeProcess.freePort(0), data)) {
            long startMs = node.awaitReady(Duration.ofSeconds(90));
            System.out.println("standalone node ready in " + startMs + " ms");
            assertTrue(Files.exists(data.resolve("atrium/core.properties")), "core created in the data folder");

            String docs =
                    """
                    [{"id":"1.2.3.1","doc_type_s":"series","modality_s":"CT","patient_name_pn":"Doe^John Peter^^Dr",
                      "series_description_t":"Thorax with contrast","series_number_i":3,"study_date_dt":"2024-03-01T00:00:00Z"},
                     {"id":"1.2.3.2","doc_type_s":"series","modality_s":"CT","patient_name_pn":"Smith^Anna",
                      "series_description_t":"Abdomen","series_number_i":1},
                     {"id":"1.2.3.3","doc_type_s":"series","modality_s":"MR","patient_name_pn":"Yamada^Tarou=山田^太郎",
                      "series_description_t":"Brain T1","series_number_i":2}]""";
            node.post("/atrium/update?commit=true", "application/json", HttpRequest.BodyPublishers.ofString(docs));

            assertEquals(3, NodeProcess.numFound(node.get("/atrium/select?q=*:*&rows=0&wt=json")));
            // A person name matches by any one of its parts, case-insensitively.
            assertEquals("1.2.3.1", onlyId(node, "patient_name_pn:peter"));
            assertEquals("1.2.3.1", onlyId(node, "patient_name_pn:DOE"));
            assertEquals("1.2.3.3", onlyId(node, "patient_name_pn:" + enc("山田")));
            // Default search field "text" gets the _t, _s and _pn fields.
            assertEquals("1.2.3.1", onlyId(node, "thorax"));
            assertEquals("1.2.3.2", onlyId(node, "anna"));

            String facets = node.get("/atrium/select?q=*:*&rows=0&wt=json&facet=true&facet.field=modality_s");
            assertTrue(facets.contains("\"modality_s\":[\"CT\",2,\"MR\",1]"), facets);
            String sorted = node.get("/atrium/select?q=*:*&fl=id&wt=json&sort=series_number_i+asc");
            assertTrue(
                    sorted.indexOf("1.2.3.2") < sorted.indexOf("1.2.3.3")
                            && sorted.indexOf("1.2.3.3") < sorted.indexOf("1.2.3.1"),
                    sorted);
            node.get("/atrium/admin/ping?wt=json");

            int exit = node.terminate(Duration.ofSeconds(30));
            assertEquals(143, exit, "SIGTERM ends the JVM through the shutdown hook");
            assertTrue(node.output().contains("Solr node stopped"), node.output());
        }
    }

    @Test
    void busyPortEndsTheNodeWithExitCode2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                NodeProcess node = NodeProcess.start(taken.getLocalPort(), tmp.resolve("busy"))) {
            assertTrue(node.process.waitFor(60, TimeUnit.SECONDS), "node gave up");
            assertEquals(SolrNode.EXIT_PORT_BUSY, node.process.exitValue(), node.output());
            assertTrue(node.output().contains("is busy"), node.output());
        }
    }

    private static String onlyId(NodeProcess node, String query) throws Exception {
        String json = node.get("/atrium/select?fl=id&wt=json&q=" + query);
        assertEquals(1, NodeProcess.numFound(json), query + " -> " + json);
        return json.replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
