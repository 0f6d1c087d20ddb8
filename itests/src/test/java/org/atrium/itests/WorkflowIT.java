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
 * again), and uninstalling the extension. The real samples run in {@link SamplesIT}.
 */
public class WorkflowIT {

    static final int DICOM_PORT = 21118;
    static final int WEB_PORT = 18085;
    static final int SSH_PORT = 18106;
    static final int SOLR_PORT = 18988;
    static final Path CT = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm");
    static final String NOOP = "org.atrium.noop";

    KarafProcess platform;
    AtriumClient api;

    @Test
    public void workflowsRunFailAndSurviveARestart() throws Exception {
        Assume.assumeTrue("DCMTK not installed: apt-get install dcmtk", Dcmtk.installed());
        Assume.assumeTrue("pydicom test files missing: apt-get install python3-pydicom", Files.exists(CT));
        platform = new KarafProcess("workflow", DICOM_PORT, WEB_PORT, SSH_PORT, SOLR_PORT);
        api = new AtriumClient(platform);
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
        String installed = api.install(kar);
        assertTrue(installed, installed.contains("installed KAR atrium-ext-noop"));
        assertTrue(
                api.console("atrium:ext-list"), api.console("atrium:ext-list").contains(NOOP + " 1.0.0"));
        assertTrue(api.get("/api/v1/algorithms").toString().contains(NOOP));

        // Parameters that violate the schema: refused, nothing created.
        HttpResponse<String> refused = api.post("/api/v1/workflows", start("bogus", series, null));
        assertEquals(refused.body(), 400, refused.statusCode());
        assertTrue(refused.body(), refused.body().contains("'mode' must be one of"));
        assertEquals(List.of(), api.get("/api/v1/workflows"));

        // Results stored, one job per series.
        long outputs = AtriumClient.workflowId(api.post("/api/v1/workflows", start("output", series, null)));
        List<Map<String, Object>> done = api.awaitJobs(outputs, "SUCCEEDED", 3);
        for (Map<String, Object> job : done) {
            assertEquals(job.toString(), 1, ((List<?>) job.get("outputs")).size());
        }
        assertEquals(6, instancesInStudy(study));

        // An algorithm that throws, writes invalid DICOM or runs out of memory fails its job; nothing stored.
        long failing =
                AtriumClient.workflowId(api.post("/api/v1/workflows", start("fail", series.subList(0, 1), null)));
        Map<String, Object> failed = api.awaitJobs(failing, "FAILED", 1).get(0);
        assertEquals("noop failed on purpose", failed.get("reason"));
        String log = api.get("/api/v1/jobs/" + failed.get("id") + "/log").toString();
        assertTrue(log, log.contains("noop: mode fail") && log.contains("IllegalStateException"));
        Map<String, Object> invalid = api.awaitJobs(
                        AtriumClient.workflowId(
                                api.post("/api/v1/workflows", start("invalid", series.subList(0, 1), null))),
                        "FAILED",
                        1)
                .get(0);
        assertTrue(invalid.toString(), invalid.get("reason").toString().contains("not valid DICOM"));
        Map<String, Object> oom = api.awaitJobs(
                        AtriumClient.workflowId(
                                api.post("/api/v1/workflows", start("oom", series.subList(0, 1), null))),
                        "FAILED",
                        1)
                .get(0);
        assertTrue(oom.toString(), oom.get("reason").toString().startsWith("ran out of memory"));
        assertEquals(6, instancesInStudy(study));

        // Timeout (3 s here).
        Map<String, Object> timedOut = api.awaitJobs(
                        AtriumClient.workflowId(
                                api.post("/api/v1/workflows", start("hang", series.subList(0, 1), 0.05))),
                        "FAILED",
                        1)
                .get(0);
        assertEquals("timed out after 3 s", timedOut.get("reason"));

        // Cancel a running job, retry it.
        long hanging =
                AtriumClient.workflowId(api.post("/api/v1/workflows", start("hang", series.subList(0, 1), null)));
        Object jobId = api.awaitJobs(hanging, "RUNNING", 1).get(0).get("id");
        HttpResponse<String> cancelled = api.post("/api/v1/jobs/" + jobId + "/cancel", "");
        assertTrue(cancelled.body(), cancelled.body().contains("\"state\":\"CANCELLED\""));
        HttpResponse<String> retried = api.post("/api/v1/jobs/" + jobId + "/retry", "");
        assertEquals(retried.body(), 200, retried.statusCode());
        assertEquals(2L, api.awaitJobs(hanging, "RUNNING", 1).get(0).get("attempt"));
        String refusedUninstall = api.console("atrium:ext-uninstall atrium-ext-noop");
        assertTrue(refusedUninstall, refusedUninstall.contains("queued or running"));

        // kill -9 while it runs: after the restart the job is queued again and runs (attempt 3).
        platform.kill();
        platform.start();
        platform.waitForHttp("/api/v1/health");
        Map<String, Object> again = api.awaitJobs(hanging, "RUNNING", 1).get(0);
        assertEquals(3L, again.get("attempt"));
        assertTrue(api.get("/api/v1/jobs/" + jobId + "/log").toString().contains("platform stopped"));
        assertEquals(200, api.post("/api/v1/jobs/" + jobId + "/cancel", "").statusCode());

        // Retry of a failed job runs it again; re-run repeats version and parameters.
        api.post("/api/v1/jobs/" + failed.get("id") + "/retry", "");
        assertEquals(2L, api.awaitJobs(failing, "FAILED", 1).get(0).get("attempt"));
        HttpResponse<String> rerun = api.post("/api/v1/workflows/" + outputs + "/rerun", "");
        assertEquals(rerun.body(), 201, rerun.statusCode());
        Map<String, Object> first = AtriumClient.object(api.get("/api/v1/workflows/" + outputs));
        Map<String, Object> second = JsonReader.readObject(rerun.body());
        assertEquals(first.get("parameterHash"), second.get("parameterHash"));
        assertEquals("1.0.0", second.get("version"));
        api.awaitJobs((Long) second.get("id"), "SUCCEEDED", 3);

        // Uninstall: the algorithm is gone and a re-run is refused with the reason.
        String uninstalled = api.console("atrium:ext-uninstall atrium-ext-noop");
        assertTrue(uninstalled, uninstalled.contains("uninstalled atrium-ext-noop"));
        assertEquals(List.of(), api.get("/api/v1/algorithms"));
        HttpResponse<String> gone = api.post("/api/v1/workflows/" + outputs + "/rerun", "");
        assertEquals(gone.body(), 409, gone.statusCode());
        assertTrue(gone.body(), gone.body().contains("no longer installed"));
    }

    private static String start(String mode, List<String> series, Double timeoutMinutes) {
        return "{\"algorithm\":\"" + NOOP + "\",\"parameters\":{\"mode\":\"" + mode + "\"},\"series\":[\""
                + String.join("\",\"", series) + "\"]"
                + (timeoutMinutes == null ? "" : ",\"timeoutMinutes\":" + timeoutMinutes) + "}";
    }

    private int instancesInStudy(String study) throws Exception {
        return Dcmtk.instancesInStudy(DICOM_PORT, study);
    }

    @After
    public void stop() {
        if (platform != null) {
            platform.close();
        }
    }
}
