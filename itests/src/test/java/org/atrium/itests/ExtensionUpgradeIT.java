package org.atrium.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Assume;
import org.junit.Test;

/**
 * A hot upgrade of the no-op extension from version 1 to version 2 on the running distribution:
 * refused while a version 1 job runs, then version 2 replaces version 1 (algorithms, workflows,
 * re-runs), while unrelated bundles, another extension's among them, keep their bundle ids, stay
 * ACTIVE and keep the very services they registered (a restart or refresh would register new ones).
 */
public class ExtensionUpgradeIT {

    static final int DICOM_PORT = 21140;
    static final int WEB_PORT = 18090;
    static final int SSH_PORT = 18110;
    static final int SOLR_PORT = 18992;
    static final Path CT = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm");
    static final String NOOP = "org.atrium.noop";
    static final String CTSEG = "org.atrium.samples.ct-segmentation";
    static final List<String> UNRELATED = List.of(
            "org.atrium.store",
            "org.atrium.web",
            "org.atrium.workflow",
            "org.atrium.dicom.net",
            "org.atrium.search",
            CTSEG,
            "org.atrium.samples.support");
    private static final Pattern BUNDLE_LINE =
            Pattern.compile("^\\s*(\\d+)\\s*\\|\\s*(\\w+)\\s*\\|\\s*\\d+\\s*\\|\\s*(\\S+)\\s*\\|\\s*(\\S+)\\s*$");
    private static final Pattern PROVIDES = Pattern.compile("\\((\\d+)\\) provides:");
    private static final Pattern SERVICE_ID = Pattern.compile("^service\\.id = (\\d+)$");

    KarafProcess platform;
    AtriumClient client;

    @Test
    public void version2ReplacesVersion1WithoutDisturbingTheRest() throws Exception {
        Assume.assumeTrue("DCMTK not installed: apt-get install dcmtk", Dcmtk.installed());
        Assume.assumeTrue("pydicom test files missing: apt-get install python3-pydicom", Files.exists(CT));
        Path v1Kar = kar("atrium.noop.kar");
        Path v2Kar = kar("atrium.noop.v2.kar");
        Path ctsegKar = kar("atrium.ctseg.kar");
        platform = new KarafProcess("upgrade", DICOM_PORT, WEB_PORT, SSH_PORT, SOLR_PORT);
        client = new AtriumClient(platform);
        Files.writeString(platform.home.resolve("etc/org.atrium.workflow.cfg"), "cpuSlots = 2\n");
        List<String> series = series(platform.home.resolve("outgoing"), 2);
        platform.start();
        platform.waitForHttp("/api/v1/health");
        Dcmtk.storeFolder(DICOM_PORT, platform.home.resolve("outgoing"));

        // Another extension, which the upgrade must leave alone, and version 1.
        String ctseg = client.consoleOnceReady("atrium:ext-install " + copy(ctsegKar, "atrium-ext-ctseg.kar"));
        assertTrue(ctseg, ctseg.contains("installed KAR atrium-ext-ctseg"));
        String v1 = client.console("atrium:ext-install " + copy(v1Kar, "atrium-ext-noop-1.kar"));
        assertTrue(v1, v1.contains("installed KAR atrium-ext-noop-1 with atrium-ext-noop 1.0.0.SNAPSHOT"));
        assertEquals(List.of("1.0.0"), noopVersions());
        long first = AtriumClient.workflowId(client.post("/api/v1/workflows", start("output", series.get(0))));
        client.awaitJobs(first, "SUCCEEDED", 1);
        assertEquals(
                "1.0.0",
                AtriumClient.object(client.get("/api/v1/workflows/" + first)).get("version"));
        Map<String, String> before = fingerprints();
        assertEquals(before.toString(), UNRELATED.size(), before.size());
        System.out.println("Unrelated bundles before the upgrade: " + before);

        // While a version 1 job runs the upgrade is refused, naming the job; nothing changes.
        long hanging = AtriumClient.workflowId(client.post("/api/v1/workflows", start("hang", series.get(1))));
        Object running = client.awaitJobs(hanging, "RUNNING", 1).get(0).get("id");
        HttpResponse<String> refused = client.send(client.request("/api/v1/extensions?name=atrium-ext-noop-2.kar")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(v2Kar)));
        assertEquals(refused.body(), 409, refused.statusCode());
        assertTrue(refused.body(), refused.body().contains("queued or running job(s): " + running));
        assertEquals(List.of("1.0.0"), noopVersions());
        assertFalse(client.console("atrium:ext-list").contains("2.0.0"));
        client.awaitJobs(hanging, "RUNNING", 1);
        HttpResponse<String> cancelled = client.post("/api/v1/jobs/" + running + "/cancel", "");
        assertEquals(cancelled.body(), 200, cancelled.statusCode());

        // The upgrade: version 2 in, version 1 out.
        String upgraded = client.console("atrium:ext-install " + copy(v2Kar, "atrium-ext-noop-2.kar"));
        assertTrue(upgraded, upgraded.contains("installed KAR atrium-ext-noop-2 with atrium-ext-noop 2.0.0.SNAPSHOT"));
        assertTrue(upgraded, upgraded.contains("upgraded from atrium-ext-noop 1.0.0.SNAPSHOT (uninstalled)"));
        assertEquals(List.of("2.0.0"), noopVersions());
        assertEquals(List.of("2.0.0.SNAPSHOT"), installedNoopFeatures());
        String listed = client.console("atrium:ext-list");
        assertTrue(
                listed,
                listed.lines()
                        .anyMatch(l -> l.matches("atrium-ext-noop\\s*\\|\\s*2\\.0\\.0\\.SNAPSHOT\\s*\\|\\s*yes.*")
                                && l.contains(NOOP + " 2.0.0")));
        assertTrue(
                listed,
                listed.lines()
                        .anyMatch(l -> l.matches("atrium-ext-noop\\s*\\|\\s*1\\.0\\.0\\.SNAPSHOT\\s*\\|\\s*no.*")));
        assertEquals(List.of("2.0.0.SNAPSHOT"), bundleVersions("org.atrium.ext.noop"));
        String downgrade = client.console("atrium:ext-install atrium-ext-noop/1.0.0-SNAPSHOT");
        assertTrue(downgrade, downgrade.contains("Not installed: atrium-ext-noop 2.0.0.SNAPSHOT is installed, newer"));

        // New workflows run with version 2; a re-run of the version 1 workflow is refused.
        long second = AtriumClient.workflowId(client.post("/api/v1/workflows", start("output", series.get(0))));
        Map<String, Object> job = client.awaitJobs(second, "SUCCEEDED", 1).get(0);
        assertEquals("2.0.0", job.get("algorithmVersion"));
        assertEquals(job.toString(), 1, ((List<?>) job.get("outputs")).size());
        String log = client.get("/api/v1/jobs/" + job.get("id") + "/log").toString();
        assertTrue(log, log.contains(NOOP + " 2.0.0"));
        HttpResponse<String> rerun = client.post("/api/v1/workflows/" + first + "/rerun", "");
        assertEquals(rerun.body(), 409, rerun.statusCode());
        assertTrue(rerun.body(), rerun.body().contains("version 1.0.0 is no longer installed"));

        // Unrelated bundles: same ids, ACTIVE, the same services as before.
        assertEquals(before, fingerprints());

        // Uninstall: the algorithm is gone, the other extension's stays.
        String uninstalled = client.console("atrium:ext-uninstall atrium-ext-noop");
        assertTrue(uninstalled, uninstalled.contains("uninstalled atrium-ext-noop 2.0.0.SNAPSHOT"));
        assertEquals(List.of(), noopVersions());
        assertEquals(List.of(), bundleVersions("org.atrium.ext.noop"));
        assertTrue(client.get("/api/v1/algorithms").toString().contains(CTSEG));
        assertEquals(before, fingerprints());
    }

    private static Path kar(String property) {
        String path = System.getProperty(property);
        Assume.assumeTrue(property + " is not set: run through failsafe", path != null);
        Assume.assumeTrue(path + " was not built", Files.isRegularFile(Path.of(path)));
        return Path.of(path);
    }

    private Path copy(Path kar, String name) throws Exception {
        return Files.copy(kar, platform.home.resolve(name));
    }

    /** {@code count} one-instance series of one study, PatientID UPGRADE, in {@code folder}. */
    private static List<String> series(Path folder, int count) throws Exception {
        String study = "2.25." + System.nanoTime();
        List<String> uids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            uids.add(study + "." + i);
            Dcmtk.copyAs(CT, folder.resolve(i + ".dcm"), study, study + "." + i, "UPGRADE");
        }
        return uids;
    }

    private static String start(String mode, String series) {
        return "{\"algorithm\":\"" + NOOP + "\",\"parameters\":{\"mode\":\"" + mode + "\"},\"series\":[\"" + series
                + "\"]}";
    }

    /** The versions of the no-op algorithm that workflows can run now. */
    private List<String> noopVersions() throws Exception {
        List<String> versions = new ArrayList<>();
        for (Object algorithm : AtriumClient.list(client.get("/api/v1/algorithms"))) {
            Map<String, Object> a = AtriumClient.object(algorithm);
            if (NOOP.equals(a.get("id"))) {
                versions.add(String.valueOf(a.get("version")));
            }
        }
        return versions;
    }

    /** The installed versions of the feature atrium-ext-noop, as {@code GET /api/v1/extensions} says. */
    private List<String> installedNoopFeatures() throws Exception {
        List<String> versions = new ArrayList<>();
        for (Object extension : AtriumClient.list(client.get("/api/v1/extensions"))) {
            Map<String, Object> e = AtriumClient.object(extension);
            if ("atrium-ext-noop".equals(e.get("feature")) && Boolean.TRUE.equals(e.get("installed"))) {
                versions.add(String.valueOf(e.get("version")));
            }
        }
        return versions;
    }

    /** Lines of {@code bundle:list -s -t 0}: symbolic name to {id, state, version}, for every bundle. */
    private List<String[]> bundles() throws Exception {
        List<String[]> out = new ArrayList<>();
        for (String line : client.console("bundle:list -s -t 0").split("\n")) {
            Matcher m = BUNDLE_LINE.matcher(line);
            if (m.matches()) {
                out.add(new String[] {m.group(4), m.group(1), m.group(2), m.group(3)});
            }
        }
        assertFalse("no bundles listed", out.isEmpty());
        return out;
    }

    private List<String> bundleVersions(String symbolicName) throws Exception {
        return bundles().stream()
                .filter(b -> b[0].equals(symbolicName))
                .map(b -> b[3])
                .toList();
    }

    /**
     * For each unrelated bundle: its id, its state and the ids of the services it registered. A
     * bundle that was refreshed or restarted, or a component of it that was reactivated, registers
     * its services again under new ids.
     */
    private Map<String, String> fingerprints() throws Exception {
        Map<String, String[]> byId = new TreeMap<>();
        for (String[] bundle : bundles()) {
            if (UNRELATED.contains(bundle[0])) {
                byId.put(bundle[1], bundle);
            }
        }
        List<String> commands =
                byId.keySet().stream().map(id -> "bundle:services -p " + id).toList();
        Map<String, List<String>> services = new TreeMap<>();
        List<String> current = new ArrayList<>();
        for (String line : client.console(String.join("\\n", commands)).split("\n")) {
            Matcher provides = PROVIDES.matcher(line);
            Matcher serviceId = SERVICE_ID.matcher(line.trim());
            if (provides.find()) {
                current = services.computeIfAbsent(provides.group(1), id -> new ArrayList<>());
            } else if (serviceId.matches()) {
                current.add(serviceId.group(1));
            }
        }
        Map<String, String> out = new TreeMap<>();
        for (String[] bundle : byId.values()) {
            assertEquals(bundle[0] + " is " + bundle[2], "Active", bundle[2]);
            out.put(bundle[0], "bundle " + bundle[1] + ", services " + services.getOrDefault(bundle[1], List.of()));
        }
        return out;
    }

    @After
    public void stop() {
        if (platform != null) {
            platform.close();
        }
    }
}
