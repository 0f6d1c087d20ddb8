package org.atrium.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.atrium.web.JsonReader;
import org.junit.After;
import org.junit.Assume;
import org.junit.Test;

/**
 * Orthanc plays the clinical PACS: nodes from the console, C-FIND through REST and console, imports
 * by C-MOVE and C-GET compared byte for byte with Orthanc's copies, no second copy, a move
 * destination Orthanc does not know (0xA801), Orthanc killed in the middle of an import and
 * started again, and forwarding of new results to Orthanc, also while it is down.
 */
public class PacsIT {

    static final int DICOM_PORT = 21119;
    static final int WEB_PORT = 18086;
    static final int SSH_PORT = 18107;
    static final int SOLR_PORT = 18989;
    static final int ORTHANC_DICOM = 21120;
    static final int ORTHANC_HTTP = 18042;
    static final Path CT = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm");

    KarafProcess platform;
    Orthanc orthanc;
    final HttpClient http = HttpClient.newHttpClient();
    final String prefix = "2.25." + System.currentTimeMillis() % 1_000_000_000L;

    @Test
    public void queryImportForwardWithOrthancAsThePacs() throws Exception {
        Assume.assumeTrue("DCMTK not installed: apt-get install dcmtk", Dcmtk.installed());
        Assume.assumeTrue("Orthanc not installed: apt-get install orthanc", Orthanc.installed());
        Assume.assumeTrue("pydicom test files missing: apt-get install python3-pydicom", Files.exists(CT));
        platform = new KarafProcess("pacs", DICOM_PORT, WEB_PORT, SSH_PORT, SOLR_PORT);
        Path home = platform.home;
        Files.writeString(
                home.resolve("etc/org.atrium.pacs.import.cfg"),
                "maxParallelAssociations = 1\nmaxAttempts = 8\nretryInitialSeconds = 1\nretryMaxSeconds = 3\n");
        Files.writeString(
                home.resolve("etc/org.atrium.pacs.forwarding.cfg"),
                "batchSize = 20\nretryInitialSeconds = 1\nretryMaxSeconds = 2\n");
        Files.writeString(
                home.resolve("etc/org.atrium.pacs.forward-results.cfg"),
                "destination = orthanc\nsourcePrefix = RESULTS\n");

        // The cohort: studies 0-4 of 2 series x 10 instances, study 5 of 3 series x 100.
        Path cohort = Files.createDirectories(home.resolve("cohort"));
        for (int study = 0; study < 6; study++) {
            int seriesCount = study == 5 ? 3 : 2;
            int size = study == 5 ? 100 : 10;
            for (int series = 0; series < seriesCount; series++) {
                Path folder = Files.createDirectories(cohort.resolve(study + "-" + series));
                for (int i = 0; i < size; i++) {
                    Files.copy(CT, folder.resolve(String.format("%03d.dcm", i)));
                }
                modify(folder, study(study), study(study) + "." + (series + 1), "PACSIT" + (study % 3), "ACC" + study);
            }
        }
        orthanc = new Orthanc(
                home.resolve("orthanc"), "ORTHANC", ORTHANC_DICOM, ORTHANC_HTTP, Map.of("atrium", new Object[] {
                    "ATRIUM", DICOM_PORT
                }));
        orthanc.start();
        Dcmtk.Result load = Dcmtk.run(
                "storescu",
                "+sd",
                "+r",
                "-aec",
                "ORTHANC",
                "127.0.0.1",
                Integer.toString(ORTHANC_DICOM),
                cohort.toString());
        assertTrue(load.output(), load.ok());
        assertEquals(
                400,
                instancesAtOrthanc("Instance", Map.of("PatientID", "PACSIT*")).size());

        platform.start();
        platform.waitForHttp("/api/v1/health");

        // Nodes from the console: saved as an etc file, echoed, failures in words.
        String added =
                console("atrium:node-add orthanc ORTHANC 127.0.0.1 " + ORTHANC_DICOM + " -p QUERY_RETRIEVE,STORE");
        assertTrue(added, added.contains("saved"));
        assertTrue(Files.readString(home.resolve("etc/org.atrium.dicom.node-orthanc.cfg"))
                .contains("ORTHANC"));
        console("atrium:node-add nobody NOBODY 127.0.0.1 " + Dcmtk.freePort());
        console("atrium:node-add wrongaet WRONG 127.0.0.1 " + ORTHANC_DICOM);
        String echo = waitForConsole("atrium:node-echo orthanc", out -> out.contains("success"));
        assertTrue(echo, echo.matches("(?s).*success in \\d+ ms.*"));
        String refused = console("atrium:node-echo nobody");
        assertTrue(refused, refused.contains("CONNECTION_REFUSED"));
        String rejected = console("atrium:node-echo wrongaet");
        assertTrue(rejected, rejected.contains("ASSOCIATION_REJECTED") && rejected.contains("called AE title"));
        Map<String, Object> restEcho = object(rest("POST", "/api/v1/nodes/orthanc/echo", ""));
        assertEquals(Boolean.TRUE, restEcho.get("success"));
        assertEquals(3, list(rest("GET", "/api/v1/nodes", null)).size());
        assertEquals(204, status("DELETE", "/api/v1/nodes/nobody", null));
        assertTrue(Files.notExists(home.resolve("etc/org.atrium.dicom.node-nobody.cfg")));

        // C-FIND: REST and console.
        List<Object> studies = list(rest("GET", "/api/v1/pacs/orthanc/find?level=STUDY&PatientID=PACSIT0", null));
        assertEquals(2, studies.size()); // studies 0 and 3
        List<Object> byDate =
                list(rest("GET", "/api/v1/pacs/orthanc/find?level=SERIES&StudyInstanceUID=" + study(5), null));
        assertEquals(3, byDate.size());
        assertEquals("100", ((Map<?, ?>) byDate.get(0)).get("NumberOfSeriesRelatedInstances"));
        assertEquals(400, status("GET", "/api/v1/pacs/orthanc/find?level=STUDY&NoSuchKeyword=1", null));
        assertEquals(404, status("POST", "/api/v1/nodes/ghost/echo", ""));
        assertEquals(400, status("POST", "/api/v1/imports", "{\"node\": \"orthanc\"}"));
        assertEquals(400, status("POST", "/api/v1/imports", "{\"node\": \"ghost\", \"studies\": [\"1.2.3\"]}"));
        assertEquals(
                403,
                researcher(
                        "POST",
                        "/api/v1/nodes",
                        "{\"name\": \"x\", \"aeTitle\": \"X\", \"host\": \"h\", \"port\": 104}"));
        String found = console("atrium:pacs-find -k AccessionNumber=ACC1 orthanc");
        assertTrue(found, found.contains(study(1)) && found.contains("1 matches"));

        // Import by C-MOVE: two studies by UID, one by accession number; then compare byte for byte.
        long move = create("{\"node\": \"orthanc\", \"method\": \"MOVE\", \"studies\": [\"" + study(0) + "\", \""
                + study(1) + "\"], \"accessions\": [\"ACC2\"]}");
        Map<String, Object> moved = waitForState(move, "COMPLETE");
        assertEquals(60, number(moved.get("expected")));
        assertEquals(60, number(moved.get("received")));
        for (int s = 0; s < 3; s++) {
            assertSameAsOrthanc(study(s));
        }

        // No second copy: the same study again is complete at once, nothing moved.
        long again = create("{\"node\": \"orthanc\", \"studies\": [\"" + study(0) + "\"]}");
        Map<String, Object> skipped = waitForState(again, "COMPLETE");
        String message = String.valueOf(((Map<?, ?>) ((List<?>) skipped.get("items")).get(0)).get("message"));
        assertTrue(message, message.contains("already in the store"));

        // Import by C-GET, from a CSV as a study coordinator would write it.
        Path csv = Files.writeString(home.resolve("cohort.csv"), "PatientID,AccessionNumber\nPACSIT0,ACC3\n");
        String imported = console("atrium:pacs-import --csv " + csv + " -m GET orthanc");
        assertTrue(imported, imported.contains("1 items queued"));
        long get = Long.parseLong(imported.replaceAll("(?s).*Import (\\d+):.*", "$1"));
        waitForState(get, "COMPLETE");
        assertSameAsOrthanc(study(3));

        // A move destination Orthanc does not know: FAILED with the status, nothing reported complete.
        // The standard's status is 0xA801; Orthanc 1.10 answers 0xC000 (unable to process).
        console("config:property-set -p org.atrium.pacs.import moveDestination NOBODY");
        long unknown = create("{\"node\": \"orthanc\", \"studies\": [\"" + study(4) + "\"]}");
        Map<String, Object> failed = waitForState(unknown, "FAILED");
        Map<?, ?> failedItem = (Map<?, ?>) ((List<?>) failed.get("items")).get(0);
        assertTrue(failedItem.toString(), List.of(0xA801, 0xC000).contains(number(failedItem.get("status"))));
        assertEquals(0, number(failed.get("received")));
        assertTrue(
                String.valueOf(failedItem.get("message")),
                String.valueOf(failedItem.get("message")).contains("NOBODY"));
        console("config:property-delete -p org.atrium.pacs.import moveDestination");
        assertEquals(200, status("POST", "/api/v1/imports/" + unknown + "/retry", ""));
        waitForState(unknown, "COMPLETE");
        assertSameAsOrthanc(study(4));

        // Orthanc killed in the middle of a 300-instance import, started again: the import resumes.
        long big = create("{\"node\": \"orthanc\", \"studies\": [\"" + study(5) + "\"]}");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (number(object(rest("GET", "/api/v1/imports/" + big, null)).get("received")) < 20) {
            assertTrue("the import does not start", System.nanoTime() < deadline);
            Thread.sleep(20);
        }
        orthanc.kill();
        int receivedWhileDown =
                number(object(rest("GET", "/api/v1/imports/" + big, null)).get("received"));
        assertTrue("killed at " + receivedWhileDown, receivedWhileDown < 300);
        Map<String, Object> interrupted = waitForState(big, "RUNNING", "QUEUED");
        assertTrue(interrupted.toString(), interrupted.toString().contains("RETRYING"));
        orthanc.start();
        Map<String, Object> resumed = waitForState(big, "COMPLETE");
        assertEquals(300, number(resumed.get("received")));
        assertSameAsOrthanc(study(5));

        // Forwarding: a rule sends every new "result" to Orthanc, also when Orthanc was down.
        Path results = Files.createDirectories(home.resolve("results"));
        for (int i = 0; i < 5; i++) {
            Files.copy(CT, results.resolve(i + ".dcm"));
        }
        modify(results, study(7), study(7) + ".1", "RESULTS", "R7");
        Dcmtk.Result sent = Dcmtk.run(
                "storescu",
                "+sd",
                "-aet",
                "RESULTS_AI",
                "-aec",
                "ATRIUM",
                "127.0.0.1",
                Integer.toString(DICOM_PORT),
                results.toString());
        assertTrue(sent.output(), sent.ok());
        waitFor(
                () -> instancesAtOrthanc("Instance", Map.of("StudyInstanceUID", study(7)))
                                .size()
                        == 5,
                "5 results at Orthanc");
        assertSameAsOrthanc(study(7));

        orthanc.stop();
        Path more = Files.createDirectories(home.resolve("results2"));
        for (int i = 0; i < 4; i++) {
            Files.copy(CT, more.resolve(i + ".dcm"));
        }
        modify(more, study(8), study(8) + ".1", "RESULTS", "R8");
        sent = Dcmtk.run(
                "storescu",
                "+sd",
                "-aet",
                "RESULTS_AI",
                "-aec",
                "ATRIUM",
                "127.0.0.1",
                Integer.toString(DICOM_PORT),
                more.toString());
        assertTrue(sent.output(), sent.ok());
        waitFor(
                () -> {
                    Map<String, Object> queue = object(rest("GET", "/api/v1/forwards", null));
                    return ((List<?>) queue.get("queued")).size() == 4
                            && queue.toString().contains("connection refused");
                },
                "4 results waiting for Orthanc");
        String forwards = console("atrium:forwards");
        assertTrue(forwards, forwards.contains("4 queued, 0 failed"));
        orthanc.start();
        waitFor(
                () -> instancesAtOrthanc("Instance", Map.of("StudyInstanceUID", study(8)))
                                .size()
                        == 4,
                "4 results at Orthanc");
        waitFor(
                () -> ((List<?>) object(rest("GET", "/api/v1/forwards", null)).get("queued")).isEmpty(),
                "an empty queue");

        String list = console("atrium:imports");
        assertTrue(list, list.contains("COMPLETE"));
    }

    String study(int n) {
        return prefix + "." + n;
    }

    static void modify(Path folder, String study, String series, String patient, String accession) throws Exception {
        Dcmtk.Result modified = Dcmtk.run(
                folder,
                "sh",
                "-c",
                "dcmodify -nb -gin -ma StudyInstanceUID=" + study + " -ma SeriesInstanceUID=" + series
                        + " -ma PatientID=" + patient + " -ma AccessionNumber=" + accession + " *.dcm");
        assertTrue(modified.output(), modified.ok());
    }

    /** Every instance of the study in Atrium's store has the bytes of Orthanc's copy. */
    void assertSameAsOrthanc(String study) throws Exception {
        List<Map<?, ?>> instances = instancesAtOrthanc("Instance", Map.of("StudyInstanceUID", study));
        assertTrue("no instances of " + study + " at Orthanc", !instances.isEmpty());
        Path store = platform.home.resolve("atrium-data/store");
        for (Map<?, ?> instance : instances) {
            String sop = String.valueOf(((Map<?, ?>) instance.get("MainDicomTags")).get("SOPInstanceUID"));
            String hash = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(sop.getBytes(StandardCharsets.US_ASCII)));
            Path ours =
                    store.resolve("objects/" + hash.substring(0, 2) + "/" + hash.substring(2, 4) + "/" + hash + ".dcm");
            assertTrue(sop + " is not in the store", Files.exists(ours));
            Path theirs = platform.home.resolve("orthanc-copy.dcm");
            Files.write(theirs, orthanc.getBytes("/instances/" + instance.get("ID") + "/file"));
            assertArrayEquals(sop, Dcmtk.dataSet(theirs), Dcmtk.dataSet(ours));
        }
    }

    List<Map<?, ?>> instancesAtOrthanc(String level, Map<String, String> query) throws Exception {
        StringBuilder keys = new StringBuilder();
        query.forEach((k, v) -> keys.append(keys.length() == 0 ? "" : ", ")
                .append('"')
                .append(k)
                .append("\": \"")
                .append(v)
                .append('"'));
        String answer = orthanc.post(
                "/tools/find", "{\"Level\": \"" + level + "\", \"Expand\": true, \"Query\": {" + keys + "}}");
        List<Map<?, ?>> out = new ArrayList<>();
        for (Object o : (List<?>) JsonReader.read(answer)) {
            out.add((Map<?, ?>) o);
        }
        return out;
    }

    long create(String json) throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/imports", json);
        assertEquals(response.body(), 201, response.statusCode());
        return number(object(response.body()).get("id"));
    }

    /** Polls an import until its state is one of {@code states} (within 60 s). */
    Map<String, Object> waitForState(long id, String... states) throws Exception {
        Map<String, Object> job = Map.of();
        for (int i = 0; i < 600; i++) {
            job = object(rest("GET", "/api/v1/imports/" + id, null));
            if (List.of(states).contains(job.get("state"))) {
                if (!List.of(states).contains("RUNNING") && !List.of(states).contains("QUEUED")) {
                    return job;
                }
                // for RUNNING/QUEUED the caller waits for an item in RETRYING
                if (job.toString().contains("RETRYING")) {
                    return job;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("import " + id + " not " + List.of(states) + ": " + job);
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Check check, String what) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + what + " within 60 s");
    }

    String console(String command) throws Exception {
        Dcmtk.Result result = Dcmtk.run(
                platform.home,
                "sh",
                "-c",
                "printf '%s\\n' '" + command + "' | bin/client -u itest -p itest -a " + SSH_PORT + " -r 30 -d 2 -b");
        return result.output();
    }

    String waitForConsole(String command, Predicate<String> ok) throws Exception {
        String out = "";
        for (int i = 0; i < 60; i++) {
            out = console(command);
            if (ok.test(out)) {
                return out;
            }
            Thread.sleep(500);
        }
        return out;
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.url(path)))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("itest:itest".getBytes()))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String rest(String method, String path, String body) throws Exception {
        HttpResponse<String> response = send(method, path, body);
        assertTrue(
                method + " " + path + ": " + response.statusCode() + " " + response.body(),
                response.statusCode() < 300);
        return response.body();
    }

    int researcher(String method, String path, String body) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(platform.url(path)))
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString("researcher:researcher".getBytes()))
                                .method(method, HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    int status(String method, String path, String body) throws Exception {
        return send(method, path, body).statusCode();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String json) {
        return new LinkedHashMap<>((Map<String, Object>) JsonReader.read(json));
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(String json) {
        return (List<Object>) JsonReader.read(json);
    }

    static int number(Object value) {
        return ((Number) value).intValue();
    }

    @After
    public void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
        if (orthanc != null) {
            orthanc.close();
        }
    }
}
