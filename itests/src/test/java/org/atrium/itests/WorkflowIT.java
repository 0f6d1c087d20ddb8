package org.atrium.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.atrium.web.JsonReader;
import org.junit.After;
import org.junit.Assume;
import org.junit.Test;

/**
 * Workflows against the running distribution: the no-op extension KAR installed at runtime from
 * the console, workflows over series sent with {@code storescu}, results stored, failures that
 * store nothing, timeout, cancel, retry, re-run, a kill during a running job (the job is queued
 * again), and uninstalling the extension.
 */
public class WorkflowIT {

    static final int DICOM_PORT = 21118;
    static final int WEB_PORT = 18085;
    static final int SSH_PORT = 18106;
    static final int SOLR_PORT = 18988;
    static final Path CT = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm");
    static final String NOOP = "org.atrium.noop";

    KarafProcess platform;
    AtriumClient client;

    @Test
    public void workflowsRunFailAndSurviveARestart() throws Exception {
        Assume.assumeTrue("DCMTK not installed: apt-get install dcmtk", Dcmtk.installed());
        Assume.assumeTrue("pydicom test files missing: apt-get install python3-pydicom", Files.exists(CT));
        platform = new KarafProcess("workflow", DICOM_PORT, WEB_PORT, SSH_PORT, SOLR_PORT);
        client = new AtriumClient(platform);
        Files.writeString(platform.home.resolve("etc/org.atrium.workflow.cfg"), "cpuSlots = 2\n");
        String study = "2.25." + System.nanoTime();
        Path outgoing = Files.createDirectories(platform.home.resolve("outgoing"));
        List<String> series = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            series.add(study + "." + i);
            Dcmtk.copyAs(CT, outgoing.resolve(i + ".dcm"), study, study + "." + i, "WORKFLOW");
        }
        platform.start();
        platform.waitForHttp("/api/v1/health");
        Dcmtk.storeFolder(DICOM_PORT, outgoing);

        // Hot install from the console.
        Path kar = platform.home.resolve("atrium-ext-noop.kar");
        Files.copy(Path.of(System.getProperty("atrium.noop.kar")), kar);
        String installed = install(kar);
        assertTrue(installed, installed.contains("installed KAR atrium-ext-noop"));
        assertTrue(console("atrium:ext-list"), console("atrium:ext-list").contains(NOOP + " 1.0.0"));
        assertTrue(get("/api/v1/algorithms").toString().contains(NOOP));

        // Parameters that violate the schema: refused, nothing created.
        HttpResponse<String> refused = post("/api/v1/workflows", start("bogus", series, null));
        assertEquals(refused.body(), 400, refused.statusCode());
        assertTrue(refused.body(), refused.body().contains("'mode' must be one of"));
        assertEquals(List.of(), get("/api/v1/workflows"));

        // Results stored, one job per series.
        long outputs = workflow(post("/api/v1/workflows", start("output", series, null)));
        List<Map<String, Object>> done = awaitJobs(outputs, "SUCCEEDED", 3);
        for (Map<String, Object> job : done) {
            assertEquals(job.toString(), 1, ((List<?>) job.get("outputs")).size());
        }
        assertEquals(6, instancesInStudy(study));

        // An algorithm that throws, writes invalid DICOM or runs out of memory fails its job; nothing stored.
        long failing = workflow(post("/api/v1/workflows", start("fail", series.subList(0, 1), null)));
        Map<String, Object> failed = awaitJobs(failing, "FAILED", 1).get(0);
        assertEquals("noop failed on purpose", failed.get("reason"));
        String log = get("/api/v1/jobs/" + failed.get("id") + "/log").toString();
        assertTrue(log, log.contains("noop: mode fail") && log.contains("IllegalStateException"));
        Map<String, Object> invalid = awaitJobs(
                        workflow(post("/api/v1/workflows", start("invalid", series.subList(0, 1), null))), "FAILED", 1)
                .get(0);
        assertTrue(invalid.toString(), invalid.get("reason").toString().contains("not valid DICOM"));
        Map<String, Object> oom = awaitJobs(
                        workflow(post("/api/v1/workflows", start("oom", series.subList(0, 1), null))), "FAILED", 1)
                .get(0);
        assertTrue(oom.toString(), oom.get("reason").toString().startsWith("ran out of memory"));
        assertEquals(6, instancesInStudy(study));

        // Timeout (3 s here).
        Map<String, Object> timedOut = awaitJobs(
                        workflow(post("/api/v1/workflows", start("hang", series.subList(0, 1), 0.05))), "FAILED", 1)
                .get(0);
        assertEquals("timed out after 3 s", timedOut.get("reason"));

        // Cancel a running job, retry it.
        long hanging = workflow(post("/api/v1/workflows", start("hang", series.subList(0, 1), null)));
        Object jobId = awaitJobs(hanging, "RUNNING", 1).get(0).get("id");
        HttpResponse<String> cancelled = post("/api/v1/jobs/" + jobId + "/cancel", "");
        assertTrue(cancelled.body(), cancelled.body().contains("\"state\":\"CANCELLED\""));
        HttpResponse<String> retried = post("/api/v1/jobs/" + jobId + "/retry", "");
        assertEquals(retried.body(), 200, retried.statusCode());
        assertEquals(2L, awaitJobs(hanging, "RUNNING", 1).get(0).get("attempt"));
        String refusedUninstall = console("atrium:ext-uninstall atrium-ext-noop");
        assertTrue(refusedUninstall, refusedUninstall.contains("queued or running"));

        // kill -9 while it runs: after the restart the job is queued again and runs (attempt 3).
        platform.kill();
        platform.start();
        platform.waitForHttp("/api/v1/health");
        Map<String, Object> again = awaitJobs(hanging, "RUNNING", 1).get(0);
        assertEquals(3L, again.get("attempt"));
        assertTrue(get("/api/v1/jobs/" + jobId + "/log").toString().contains("platform stopped"));
        assertEquals(200, post("/api/v1/jobs/" + jobId + "/cancel", "").statusCode());

        // Retry of a failed job runs it again; re-run repeats version and parameters.
        post("/api/v1/jobs/" + failed.get("id") + "/retry", "");
        assertEquals(2L, awaitJobs(failing, "FAILED", 1).get(0).get("attempt"));
        HttpResponse<String> rerun = post("/api/v1/workflows/" + outputs + "/rerun", "");
        assertEquals(rerun.body(), 201, rerun.statusCode());
        Map<String, Object> first = object(get("/api/v1/workflows/" + outputs));
        Map<String, Object> second = JsonReader.readObject(rerun.body());
        assertEquals(first.get("parameterHash"), second.get("parameterHash"));
        assertEquals("1.0.0", second.get("version"));
        awaitJobs((Long) second.get("id"), "SUCCEEDED", 3);

        // Uninstall: the algorithm is gone and a re-run is refused with the reason.
        String uninstalled = console("atrium:ext-uninstall atrium-ext-noop");
        assertTrue(uninstalled, uninstalled.contains("uninstalled atrium-ext-noop"));
        assertEquals(List.of(), get("/api/v1/algorithms"));
        HttpResponse<String> gone = post("/api/v1/workflows/" + outputs + "/rerun", "");
        assertEquals(gone.body(), 409, gone.statusCode());
        assertTrue(gone.body(), gone.body().contains("no longer installed"));
    }

    /**
     * The CT segmentation sample installed at runtime as a KAR: its SEG over a 10-slice CT is stored
     * in the source study and passes dciodvfy; uninstalled, its algorithm is gone.
     */
    @Test
    public void theSegmentationSampleWritesAValidSegAtRuntime() throws Exception {
        String karProperty = System.getProperty("atrium.ctseg.kar");
        Assume.assumeTrue(
                "the CT segmentation sample's KAR was not built",
                karProperty != null && Files.isRegularFile(Path.of(karProperty)));
        Assume.assumeTrue("DCMTK not installed: apt-get install dcmtk", Dcmtk.installed());
        Assume.assumeTrue(
                "dicom3tools not installed: apt-get install dicom3tools",
                Files.isExecutable(Path.of("/usr/bin/dciodvfy")));
        Assume.assumeTrue(
                "pydicom not installed: apt-get install python3-pydicom",
                Dcmtk.run("/usr/bin/python3", "-c", "import pydicom").ok());
        platform = new KarafProcess("ctseg", DICOM_PORT, WEB_PORT, SSH_PORT, SOLR_PORT);
        client = new AtriumClient(platform);
        Path corpus = Files.createDirectories(platform.home.resolve("corpus"));
        Path script = Path.of(getClass().getResource("/ui-corpus.py").toURI());
        Dcmtk.Result made = Dcmtk.run("/usr/bin/python3", script.toString(), corpus.toString());
        assertTrue(made.output(), made.ok());
        String ct = made.output()
                .lines()
                .filter(l -> l.startsWith("CT "))
                .findFirst()
                .orElseThrow()
                .split(" ")[1];
        Path cts = Files.createDirectories(platform.home.resolve("ct"));
        try (var files = Files.list(corpus)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("ct"))
                    .toList()) {
                Files.copy(file, cts.resolve(file.getFileName()));
            }
        }
        platform.start();
        platform.waitForHttp("/api/v1/health");
        Dcmtk.storeFolder(DICOM_PORT, cts);
        Path kar = platform.home.resolve("atrium-ext-ctseg.kar");
        Files.copy(Path.of(karProperty), kar);
        String installed = install(kar);
        assertTrue(installed, installed.contains("installed"));
        String algorithm = "org.atrium.samples.ct-segmentation";
        long id = workflow(
                post("/api/v1/workflows", "{\"algorithm\":\"" + algorithm + "\",\"series\":[\"" + ct + "\"]}"));
        Map<String, Object> job = awaitJobs(id, "SUCCEEDED", 1).get(0);
        List<?> outputs = (List<?>) job.get("outputs");
        assertEquals(String.valueOf(job), 1, outputs.size());
        String sop = String.valueOf(outputs.get(0));
        List<?> found = (List<?>) get("/dicomweb/instances?SOPInstanceUID=" + sop);
        assertEquals(1, found.size());
        Map<String, Object> attributes = object(found.get(0));
        String study = firstValue(attributes, "0020000D");
        String seriesUid = firstValue(attributes, "0020000E");
        assertEquals("SEG", firstValue(attributes, "00080060"));
        HttpResponse<byte[]> file = client.send(
                client.request("/dicomweb/studies/" + study + "/series/" + seriesUid + "/instances/" + sop)
                        .header("Accept", "application/dicom")
                        .GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, file.statusCode());
        Path seg = Files.write(platform.home.resolve("seg.dcm"), file.body());
        Dcmtk.Result verified = Dcmtk.run("dciodvfy", seg.toString());
        assertTrue(verified.output(), verified.output().lines().noneMatch(l -> l.startsWith("Error")));
        assertTrue(verified.output(), verified.output().contains("Segmentation"));

        String uninstalled = console("atrium:ext-uninstall atrium-ext-" + algorithm);
        assertTrue(uninstalled, uninstalled.contains("uninstalled"));
        String algorithms = String.valueOf(get("/api/v1/algorithms"));
        assertTrue(algorithms, !algorithms.contains(algorithm));
    }

    private static String firstValue(Map<String, Object> attributes, String tag) {
        return String.valueOf(((List<?>) object(attributes.get(tag)).get("Value")).get(0));
    }

    private static String start(String mode, List<String> series, Double timeoutMinutes) {
        return "{\"algorithm\":\"" + NOOP + "\",\"parameters\":{\"mode\":\"" + mode + "\"},\"series\":[\""
                + String.join("\",\"", series) + "\"]"
                + (timeoutMinutes == null ? "" : ",\"timeoutMinutes\":" + timeoutMinutes) + "}";
    }

    private int instancesInStudy(String study) throws Exception {
        Dcmtk.Result find = Dcmtk.run(
                "findscu",
                "-v",
                "-S",
                "-aec",
                "ATRIUM",
                "-k",
                "QueryRetrieveLevel=IMAGE",
                "-k",
                "StudyInstanceUID=" + study,
                "-k",
                "SOPInstanceUID",
                "127.0.0.1",
                Integer.toString(DICOM_PORT));
        return Dcmtk.count(find.output(), "(0008,0018) UI [");
    }

    private String install(Path kar) throws Exception {
        return client.consoleOnceReady("atrium:ext-install " + kar);
    }

    private String console(String command) throws Exception {
        return client.console(command);
    }

    private static Map<String, Object> object(Object json) {
        return AtriumClient.object(json);
    }

    private Object get(String path) throws Exception {
        return client.get(path);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return client.post(path, body);
    }

    private List<Map<String, Object>> awaitJobs(long workflowId, String state, int count) throws Exception {
        return client.awaitJobs(workflowId, state, count);
    }

    private static long workflow(HttpResponse<String> response) {
        return AtriumClient.workflowId(response);
    }

    @After
    public void stop() {
        if (platform != null) {
            platform.close();
        }
    }
}
