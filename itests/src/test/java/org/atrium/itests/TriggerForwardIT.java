package org.atrium.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Assume;
import org.junit.Test;

/**
 * A trigger and result forwarding end to end: a trigger configured in {@code etc} runs the no-op
 * algorithm on every new series with PatientID TRIGGER*, and {@code forwardTo} C-STOREs each result
 * to a node that is a real DCMTK {@code storescp}. Series that do not match and the workflows' own
 * results start nothing; with the destination down the job still succeeds and records the failure.
 */
public class TriggerForwardIT {

    static final int DICOM_PORT = 21142;
    static final int WEB_PORT = 18091;
    static final int SSH_PORT = 18111;
    static final int SOLR_PORT = 18993;
    static final int DEST_PORT = 21143;
    static final Path CT = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm");

    KarafProcess platform;
    AtriumClient client;
    Process destination;

    @Test
    public void aTriggeredWorkflowsResultReachesTheDestination() throws Exception {
        Assume.assumeTrue("DCMTK not installed: apt-get install dcmtk", Dcmtk.installed());
        Assume.assumeTrue("pydicom test files missing: apt-get install python3-pydicom", Files.exists(CT));
        String karProperty = System.getProperty("atrium.noop.kar");
        Assume.assumeTrue(
                "the no-op extension's KAR was not built",
                karProperty != null && Files.isRegularFile(Path.of(karProperty)));
        platform = new KarafProcess("trigger", DICOM_PORT, WEB_PORT, SSH_PORT, SOLR_PORT);
        client = new AtriumClient(platform);
        configure(platform.home.resolve("etc"));
        // Each series in a study of its own: a study belongs to one patient.
        String uids = "2.25." + System.nanoTime();
        Path matching = series(uids, 1, "TRIGGER1");
        Path other = series(uids, 2, "OTHER1");
        Path later = series(uids, 3, "TRIGGER2");
        Path received = Files.createDirectories(platform.home.resolve("received"));
        destination =
                Dcmtk.start(null, "storescp", "-aet", "DEST", "-od", received.toString(), Integer.toString(DEST_PORT));
        platform.start();
        platform.waitForHttp("/api/v1/health");
        Path kar = Files.copy(Path.of(karProperty), platform.home.resolve("atrium-ext-noop.kar"));
        String installed = client.consoleOnceReady("atrium:ext-install " + kar);
        assertTrue(installed, installed.contains("installed KAR atrium-ext-noop"));

        Dcmtk.storeFolder(DICOM_PORT, other);
        Dcmtk.storeFolder(DICOM_PORT, matching);

        // One workflow, started by the trigger on the matching series; its result reaches storescp.
        Map<String, Object> workflow = awaitWorkflows(1).get(0);
        assertEquals(workflow.toString(), "trigger", workflow.get("owner"));
        assertEquals(workflow.toString(), "series " + uids + ".1.1", workflow.get("input"));
        Map<String, Object> job =
                client.awaitJobs((Long) workflow.get("id"), "SUCCEEDED", 1).get(0);
        List<?> outputs = (List<?>) job.get("outputs");
        assertEquals(job.toString(), 1, outputs.size());
        String result = String.valueOf(outputs.get(0));
        assertEquals(job.toString(), "forwarded 1 result(s) to dest", job.get("forwarding"));
        assertTrue(log(job).contains("forwarded 1 result(s) to dest"));
        List<Path> files = awaitFiles(received, 1);
        Dcmtk.Result dump =
                Dcmtk.run("dcmdump", "+P", "SOPInstanceUID", files.get(0).toString());
        assertTrue(dump.output(), dump.output().contains("[" + result + "]"));

        // Neither the other series nor the workflow's own result started a workflow, once the index
        // holds both and the trigger has had time past its retry to decide.
        awaitIndexed("PatientID:OTHER1", 1);
        awaitIndexed("PatientID:TRIGGER1", 2);
        Thread.sleep(5000);
        assertEquals(1, workflows().size());

        // The destination down: the job still succeeds, the failure is recorded, nothing arrives.
        destination.destroy();
        destination.waitFor();
        Dcmtk.storeFolder(DICOM_PORT, later);
        Map<String, Object> second = awaitWorkflows(2).stream()
                .filter(w -> ("series " + uids + ".3.1").equals(w.get("input")))
                .findFirst()
                .orElseThrow();
        assertEquals("trigger", second.get("owner"));
        Map<String, Object> unforwarded =
                client.awaitJobs((Long) second.get("id"), "SUCCEEDED", 1).get(0);
        String forwarding = String.valueOf(unforwarded.get("forwarding"));
        assertTrue(forwarding, forwarding.startsWith("forwarding to dest failed"));
        assertEquals(unforwarded.toString(), 1, ((List<?>) unforwarded.get("outputs")).size());
        assertTrue(log(unforwarded).contains(forwarding));
        assertEquals(1, Dcmtk.files(received).size());
    }

    private static void configure(Path etc) throws Exception {
        Path store = etc.resolve("org.atrium.store.cfg");
        String storeConfig = Files.readString(store);
        assertTrue(storeConfig.contains("quietPeriodSeconds = 10"));
        Files.writeString(store, storeConfig.replace("quietPeriodSeconds = 10", "quietPeriodSeconds = 2"));
        Files.writeString(etc.resolve("org.atrium.workflow.cfg"), "cpuSlots = 2\nforwardTo = dest\n");
        Files.writeString(
                etc.resolve("org.atrium.dicom.node-dest.cfg"),
                "name = dest\naeTitle = DEST\nhost = 127.0.0.1\nport = " + DEST_PORT + "\npurposes = STORE\n");
        Files.writeString(
                etc.resolve("org.atrium.workflow.trigger-noop.cfg"),
                "algorithm = org.atrium.noop\nparameters = {\"mode\":\"output\"}\nquery = PatientID:TRIGGER*\n");
    }

    /** Study {@code <uids>.<n>} with one series {@code <uids>.<n>.1} of one instance, in a folder of its own. */
    private Path series(String uids, int n, String patientId) throws Exception {
        Path folder = platform.home.resolve("series-" + n);
        Dcmtk.copyAs(CT, folder.resolve("1.dcm"), uids + "." + n, uids + "." + n + ".1", patientId);
        return folder;
    }

    private List<Map<String, Object>> workflows() throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object workflow : AtriumClient.list(client.get("/api/v1/workflows"))) {
            out.add(AtriumClient.object(workflow));
        }
        return out;
    }

    private List<Map<String, Object>> awaitWorkflows(int count) throws Exception {
        List<Map<String, Object>> workflows = List.of();
        for (int i = 0; i < 240 && workflows.size() < count; i++) {
            Thread.sleep(250);
            workflows = workflows();
        }
        assertEquals(workflows.toString(), count, workflows.size());
        return workflows;
    }

    private void awaitIndexed(String query, long series) throws Exception {
        Object found = null;
        for (int i = 0; i < 240; i++) {
            found = AtriumClient.object(client.get("/api/v1/series?q=" + query)).get("numFound");
            if (Long.valueOf(series).equals(found)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(query + ": " + found + " series indexed, not " + series);
    }

    private String log(Map<String, Object> job) throws Exception {
        return String.valueOf(client.get("/api/v1/jobs/" + job.get("id") + "/log"));
    }

    private static List<Path> awaitFiles(Path folder, int count) throws Exception {
        List<Path> files = Dcmtk.files(folder);
        for (int i = 0; i < 120 && files.size() < count; i++) {
            Thread.sleep(250);
            files = Dcmtk.files(folder);
        }
        assertEquals(files.toString(), count, files.size());
        return files;
    }

    @After
    public void stop() {
        if (destination != null) {
            destination.destroy();
        }
        if (platform != null) {
            platform.close();
        }
    }
}
