package org.atrium.search.solr.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes, embedded ZooKeeper on the first, a 2-shard collection built only through HTTP APIs. */
@Tag("cloud")
class SolrCloudTest {

    @TempDir
    Path tmp;

    @Test
    void twoNodesServeATwoShardCollection() throws Exception {
        long began = System.nanoTime();
        int port1 = NodeProcess.freePort(1000);
        int port2 = NodeProcess.freePort(0);
        try (NodeProcess node1 = NodeProcess.start(port1, tmp.resolve("node1"), "-DzkRun");
                NodeProcess node2 =
                        NodeProcess.start(port2, tmp.resolve("node2"), "-DzkHost=127.0.0.1:" + (port1 + 1000))) {
            node1.awaitReady(Duration.ofSeconds(120));
            node2.awaitReady(Duration.ofSeconds(120));
            awaitLiveNodes(node1, 2);

            node1.post(
                    "/admin/configs?action=UPLOAD&name=atrium",
                    "application/octet-stream",
                    HttpRequest.BodyPublishers.ofByteArray(zip(NodeProcess.HOME.resolve("configsets/atrium/conf"))));
            node1.get("/admin/collections?action=CREATE&name=atrium&numShards=2&replicationFactor=1"
                    + "&collection.configName=atrium&waitForFinalState=true&wt=json");

            StringBuilder docs = new StringBuilder("[");
            for (int i = 0; i < 20; i++) {
                docs.append(i == 0 ? "" : ",")
                        .append("{\"id\":\"doc-")
                        .append(i)
                        .append("\",\"modality_s\":\"")
                        .append(i % 2 == 0 ? "CT" : "MR")
                        .append("\",\"patient_name_pn\":\"Doe^Jane")
                        .append(i)
                        .append("\"}");
            }
            node2.post(
                    "/atrium/update?commit=true",
                    "application/json",
                    HttpRequest.BodyPublishers.ofString(docs.append(']').toString()));

            for (NodeProcess node : List.of(node1, node2)) {
                String json = node.get("/atrium/select?q=patient_name_pn:doe&rows=0&wt=json&shards.info=true"
                        + "&facet=true&facet.field=modality_s");
                List<Long> counts = numbersAfter("\"numFound\":", json);
                // shards.info: one count per shard, then the merged total.
                assertEquals(3, counts.size(), json);
                assertTrue(counts.get(0) > 0 && counts.get(1) > 0, "both shards hold documents: " + json);
                assertEquals(20, counts.get(2), json);
                assertTrue(json.contains("\"modality_s\":[\"CT\",10,\"MR\",10]"), json);
            }
            node2.terminate(Duration.ofSeconds(30));
            node1.terminate(Duration.ofSeconds(30));
        }
        System.out.println("SolrCloud test took "
                + Duration.ofNanos(System.nanoTime() - began).toMillis() + " ms");
    }

    private static void awaitLiveNodes(NodeProcess node, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String json = node.get("/admin/collections?action=CLUSTERSTATUS&wt=json");
            Matcher m = Pattern.compile("\"live_nodes\":\\[([^\\]]*)\\]").matcher(json);
            if (m.find() && m.group(1).split(",").length >= expected) {
                return;
            }
            Thread.sleep(200);
        }
        fail("fewer than " + expected + " live nodes");
    }

    private static List<Long> numbersAfter(String key, String json) {
        List<Long> numbers = new ArrayList<>();
        Matcher m = Pattern.compile(Pattern.quote(key) + "(\\d+)").matcher(json);
        while (m.find()) {
            numbers.add(Long.parseLong(m.group(1)));
        }
        return numbers;
    }

    private static byte[] zip(Path conf) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes);
                Stream<Path> files = Files.walk(conf)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                zip.putNextEntry(new ZipEntry(conf.relativize(file).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(file));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
