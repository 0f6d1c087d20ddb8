package org.atrium.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.Tag;
import org.atrium.dicom.net.DicomNodes;
import org.atrium.store.InstanceRecord;
import org.atrium.store.ResearchStore;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Boots the assembled distribution and talks to it over its real DICOM and HTTP ports with
 * DCMTK, as a modality, a PACS and a workstation would.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformIT {

    static final int DICOM_PORT = 21112;
    static final int WEB_PORT = 18080;
    static final int DEST_PORT = 21113;
    static final int SOLR_PORT = 18983;
    static final Path TEST_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    @Inject
    BundleContext context;

    @Inject
    ResearchStore store;

    @Inject
    DicomFiles dicom;

    @Inject
    DicomNodes nodes;

    @Configuration
    public Option[] config() {
        return Distribution.options(
                new Distribution.Ports(18101, 11099, 44445, WEB_PORT, DICOM_PORT, SOLR_PORT),
                editConfigurationFilePut(
                        "etc/org.atrium.dicom.listener-default.cfg",
                        "routes",
                        "LABELLER=routed-dataset, LUNG_STUDY=lung-cohort"),
                editConfigurationFilePut("etc/org.atrium.dicom.listener-default.cfg", "aliases", "LUNG_STUDY"),
                editConfigurationFilePut("etc/org.atrium.store.cfg", "quietPeriodSeconds", "2"),
                editConfigurationFilePut("etc/org.atrium.dicom.node-dest.cfg", "aeTitle", "DEST"),
                editConfigurationFilePut("etc/org.atrium.dicom.node-dest.cfg", "host", "127.0.0.1"),
                editConfigurationFilePut("etc/org.atrium.dicom.node-dest.cfg", "port", Integer.toString(DEST_PORT)),
                editConfigurationFilePut("etc/org.atrium.dicom.node-dest.cfg", "purposes", "MOVE_DESTINATION"));
    }

    Path work;

    @Before
    public void requireDcmtk() throws Exception {
        Assume.assumeTrue("DCMTK not installed: apt-get install dcmtk", Dcmtk.installed());
        work = Files.createDirectories(
                Path.of(System.getProperty("atrium.itest.work")).resolve(Long.toString(System.nanoTime())));
        waitForEcho();
    }

    private void waitForEcho() throws Exception {
        for (int i = 0; i < 60; i++) {
            if (Dcmtk.run("echoscu", "-aec", "ATRIUM", "127.0.0.1", Integer.toString(DICOM_PORT))
                    .ok()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the DICOM listener did not answer C-ECHO on port " + DICOM_PORT);
    }

    @Test
    public void everyAtriumBundleIsActive() throws InterruptedException {
        // Boot features finish installing in the background: give the last bundles a moment.
        for (int i = 0; i < 60 && !allAtriumBundlesActive(); i++) {
            Thread.sleep(500);
        }
        int atrium = 0;
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName().startsWith("org.atrium")) {
                atrium++;
                assertEquals(bundle.getSymbolicName() + " is not active", Bundle.ACTIVE, bundle.getState());
            }
        }
        assertTrue("found only " + atrium + " Atrium bundles", atrium >= 7);
    }

    private boolean allAtriumBundlesActive() {
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName().startsWith("org.atrium") && bundle.getState() != Bundle.ACTIVE) {
                return false;
            }
        }
        return true;
    }

    @Test
    public void healthReportsEveryComponent() throws Exception {
        HttpResponse<String> response = null;
        // The Solr sidecar takes a few seconds after boot: DOWN until then.
        for (int i = 0; i < 120 && (response == null || response.statusCode() != 200); i++) {
            if (response != null) {
                Thread.sleep(500);
            }
            response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + WEB_PORT + "/api/v1/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        }
        assertEquals(response.body(), 200, response.statusCode());
        assertTrue(response.body(), response.body().contains("\"store\""));
        assertTrue(response.body(), response.body().contains("\"dicom:ATRIUM\""));
        assertTrue(response.body(), response.body().contains("\"solr\":{\"status\":\"UP\""));
        assertTrue(response.body(), response.body().contains("\"search\""));
        assertFalse(response.body(), response.body().contains("DOWN"));
    }

    @Test
    public void echoAnswersOnlyOurCalledAeTitle() throws Exception {
        assertTrue(Dcmtk.run("echoscu", "-aec", "ATRIUM", "127.0.0.1", Integer.toString(DICOM_PORT))
                .ok());
        Dcmtk.Result wrong = Dcmtk.run("echoscu", "-aec", "SOMEONE_ELSE", "127.0.0.1", Integer.toString(DICOM_PORT));
        assertFalse(wrong.output(), wrong.ok());
    }

    @Test
    public void storesOddRealWorldFilesExactlyAsSent() throws Exception {
        List<Path> sent = new ArrayList<>();
        for (String name : List.of(
                "CT_small.dcm",
                "MR_small_bigendian.dcm",
                "image_dfl.dcm",
                "MR_small_RLE.dcm",
                "JPEG2000.dcm",
                "JPEG-lossy.dcm",
                "MR_small_jpeg_ls_lossless.dcm",
                "rtstruct.dcm",
                "rtplan.dcm",
                "rtdose.dcm",
                "test-SR.dcm",
                "SC_rgb_jpeg_dcmtk.dcm",
                "waveform_ecg.dcm")) {
            if (Files.exists(TEST_FILES.resolve(name))) {
                sent.add(Files.copy(TEST_FILES.resolve(name), work.resolve(name)));
            }
        }
        // Compressed variants made by DCMTK itself.
        Path ct = TEST_FILES.resolve("CT_small.dcm");
        Path jpeg = work.resolve("ct_jpeg_lossless.dcm");
        Path rle = work.resolve("ct_rle.dcm");
        assertTrue(Dcmtk.run("dcmcjpeg", "+e1", "+ud", ct.toString(), jpeg.toString())
                .ok());
        assertTrue(Dcmtk.run("dcmcrle", ct.toString(), rle.toString()).ok());
        sent.add(jpeg);
        sent.add(rle);
        assertTrue("pydicom test files missing: apt-get install python3-pydicom", sent.size() > 10);
        // Several test files are one image in different encodings with one SOP Instance UID: make them distinct.
        for (Path file : sent) {
            Dcmtk.Result renamed = Dcmtk.run("dcmodify", "-nb", "-gin", file.toString());
            assertTrue(file.getFileName() + ": " + renamed.output(), renamed.ok());
        }

        int identical = 0;
        for (Path file : sent) {
            List<String> command = new ArrayList<>(List.of("storescu", "-aec", "ATRIUM"));
            command.addAll(Dcmtk.proposing(Dcmtk.transferSyntax(file)));
            command.addAll(List.of("127.0.0.1", Integer.toString(DICOM_PORT), file.toString()));
            Dcmtk.Result result = Dcmtk.run(command.toArray(new String[0]));
            assertTrue(file.getFileName() + ": " + result.output(), result.ok());
            Attributes header = dicom.readHeader(file);
            String sop = header.getString(Tag.SOPInstanceUID);
            Optional<InstanceRecord> stored = store.instance(sop);
            assertTrue(file.getFileName() + " is not in the store", stored.isPresent());
            Path copy = store.file(stored.get());
            String sentSyntax = Dcmtk.transferSyntax(file);
            String storedSyntax = Dcmtk.transferSyntax(copy);
            assertEquals(file.getFileName().toString(), sentSyntax, storedSyntax);
            if (!java.util.Arrays.equals(Dcmtk.dataSet(file), Dcmtk.dataSet(copy))) {
                // storescu re-encodes some files (sequence lengths, padding): then every value must match.
                assertEquals(
                        file.getFileName() + " content differs",
                        Dcmtk.normalizedDump(file),
                        Dcmtk.normalizedDump(copy));
            } else {
                identical++;
            }
        }
        assertTrue("only " + identical + " files came back byte for byte", identical >= sent.size() / 2);
    }

    @Test
    public void routesByCallingAndCalledAeTitle() throws Exception {
        Path file = copyWithNewUids("routed.dcm");
        assertTrue(Dcmtk.run(
                        "storescu",
                        "-aet",
                        "LABELLER",
                        "-aec",
                        "ATRIUM",
                        "127.0.0.1",
                        Integer.toString(DICOM_PORT),
                        file.toString())
                .ok());
        String series = dicom.readHeader(file).getString(Tag.SeriesInstanceUID);
        InstanceRecord record =
                store.instances(ResearchStore.Level.SERIES, series).get(0);
        assertEquals("LABELLER", record.source());
        assertEquals(List.of("routed-dataset"), store.labels(series));

        // "Send to AE LUNG_STUDY to land in dataset lung-cohort", on the same port.
        Path lung = copyWithNewUids("lung.dcm");
        assertTrue(
                Dcmtk.run("storescu", "-aec", "LUNG_STUDY", "127.0.0.1", Integer.toString(DICOM_PORT), lung.toString())
                        .ok());
        assertEquals(List.of("lung-cohort"), store.labels(dicom.readHeader(lung).getString(Tag.SeriesInstanceUID)));
        assertFalse(
                Dcmtk.run("storescu", "-aec", "NOT_OURS", "127.0.0.1", Integer.toString(DICOM_PORT), lung.toString())
                        .ok());
    }

    @Test
    public void eightConcurrentAssociationsLoseNothing() throws Exception {
        String study = "2.25." + System.nanoTime();
        List<Process> senders = new ArrayList<>();
        List<String> sops = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            Path folder = Files.createDirectories(work.resolve("sender" + s));
            String series = study + "." + s;
            for (int i = 0; i < 25; i++) {
                String sop = series + "." + (i + 1);
                sops.add(sop);
                writeObject(folder.resolve(i + ".dcm"), study, series, sop, i + 1);
            }
            senders.add(Dcmtk.start(null, sendFolder(folder)));
        }
        for (Process sender : senders) {
            sender.getInputStream().readAllBytes();
            assertTrue(sender.waitFor(3, TimeUnit.MINUTES));
            assertEquals(0, sender.exitValue());
        }
        for (String sop : sops) {
            assertTrue(sop + " is missing", store.instance(sop).isPresent());
        }
        assertEquals(200, store.instances(ResearchStore.Level.STUDY, study).size());
        assertTrue(store.verify().clean());
    }

    @Test
    public void findsMovesAndGetsForWorkstations() throws Exception {
        String study = "2.25." + System.nanoTime();
        Path folder = Files.createDirectories(work.resolve("qr"));
        for (int i = 0; i < 5; i++) {
            writeObject(folder.resolve(i + ".dcm"), study, study + ".1", study + ".1." + (i + 1), i + 1);
        }
        assertTrue(Dcmtk.run(sendFolder(folder)).ok());

        Dcmtk.Result find = Dcmtk.run(
                "findscu",
                "-v",
                "-S",
                "-aec",
                "ATRIUM",
                "-k",
                "QueryRetrieveLevel=STUDY",
                "-k",
                "StudyInstanceUID=" + study,
                "-k",
                "PatientName",
                "-k",
                "NumberOfStudyRelatedInstances",
                "127.0.0.1",
                Integer.toString(DICOM_PORT));
        assertTrue(find.output(), find.ok());
        assertEquals(find.output(), 1, Dcmtk.count(find.output(), "Pending"));
        assertTrue(
                find.output(), find.output().contains("[5 ]") || find.output().contains("[5]"));

        Dcmtk.Result images = Dcmtk.run(
                "findscu",
                "-v",
                "-P",
                "-aec",
                "ATRIUM",
                "-k",
                "QueryRetrieveLevel=IMAGE",
                "-k",
                "PatientID=ITEST",
                "-k",
                "StudyInstanceUID=" + study,
                "-k",
                "SeriesInstanceUID=" + study + ".1",
                "-k",
                "SOPInstanceUID",
                "127.0.0.1",
                Integer.toString(DICOM_PORT));
        assertEquals(images.output(), 5, Dcmtk.count(images.output(), "Pending"));

        // C-MOVE to a workstation (DCMTK storescp) configured as node DEST.
        Path moved = Files.createDirectories(work.resolve("moved"));
        Process workstation = Dcmtk.start(
                null, "storescp", "+B", "-aet", "DEST", "-od", moved.toString(), Integer.toString(DEST_PORT));
        try {
            Thread.sleep(500);
            Dcmtk.Result move = Dcmtk.run(
                    "movescu",
                    "-v",
                    "-S",
                    "-aec",
                    "ATRIUM",
                    "-aem",
                    "DEST",
                    "-k",
                    "QueryRetrieveLevel=STUDY",
                    "-k",
                    "StudyInstanceUID=" + study,
                    "127.0.0.1",
                    Integer.toString(DICOM_PORT));
            assertTrue(nodes.list() + "\n" + move.output(), move.ok());
            assertSameObjects(study, moved);
            Dcmtk.Result unknown = Dcmtk.run(
                    "movescu",
                    "-v",
                    "-S",
                    "-aec",
                    "ATRIUM",
                    "-aem",
                    "NOBODY",
                    "-k",
                    "QueryRetrieveLevel=STUDY",
                    "-k",
                    "StudyInstanceUID=" + study,
                    "127.0.0.1",
                    Integer.toString(DICOM_PORT));
            assertTrue(unknown.output(), unknown.output().contains("MoveDestinationUnknown"));
        } finally {
            workstation.destroy();
        }

        Path got = Files.createDirectories(work.resolve("got"));
        Dcmtk.Result get = Dcmtk.run(
                "getscu",
                "-v",
                "-S",
                "-aec",
                "ATRIUM",
                "-od",
                got.toString(),
                "-k",
                "QueryRetrieveLevel=SERIES",
                "-k",
                "StudyInstanceUID=" + study,
                "-k",
                "SeriesInstanceUID=" + study + ".1",
                "127.0.0.1",
                Integer.toString(DICOM_PORT));
        assertTrue(get.output(), get.ok());
        assertSameObjects(study, got);
    }

    private void assertSameObjects(String study, Path received) throws Exception {
        List<Path> files = Dcmtk.files(received);
        assertEquals(received + " has " + files, 5, files.size());
        for (Path file : files) {
            String sop = dicom.readHeader(file).getString(Tag.SOPInstanceUID);
            InstanceRecord record = store.instance(sop).orElseThrow();
            assertEquals(study, record.studyInstanceUid());
            assertTrue(file + " differs from what the store holds", Dcmtk.sameContent(store.file(record), file));
        }
    }

    @Test
    public void garbageOnTheWireDoesNotStopTheListener() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", DICOM_PORT)) {
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {0x01, 0x00, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'j', 'u', 'n', 'k'});
            out.flush();
            socket.setSoTimeout(5000);
            socket.getInputStream().read(new byte[64]);
        } catch (java.io.IOException expected) {
            // Aborted or closed: either way the peer is gone.
        }
        Path truncated = TEST_FILES.resolve("MR_truncated.dcm");
        if (Files.exists(truncated)) {
            Dcmtk.run("storescu", "-aec", "ATRIUM", "127.0.0.1", Integer.toString(DICOM_PORT), truncated.toString());
        }
        assertTrue(Dcmtk.run("echoscu", "-aec", "ATRIUM", "127.0.0.1", Integer.toString(DICOM_PORT))
                .ok());
        assertTrue(store.verify().clean());
        try (var incoming = Files.list(store.incomingDir())) {
            assertEquals("nothing half-written is left behind", 0, incoming.count());
        }
    }

    @Test
    public void searchesFacetsAndSavesDatasetsOverRest() throws Exception {
        // A patient of this test only, so counts are exact whatever the other tests stored.
        String patient = "SEARCH" + System.nanoTime();
        String studyA = "2.25." + System.nanoTime();
        String studyB = studyA + "9";
        Path folder = Files.createDirectories(work.resolve("search"));
        String[][] series = {{studyA, studyA + ".1", "CT"}, {studyA, studyA + ".2", "CT"}, {studyB, studyB + ".1", "MR"}
        };
        int n = 0;
        for (String[] s : series) {
            for (int i = 1; i <= 2; i++) {
                writeObject(folder.resolve((n++) + ".dcm"), patient, s[2], s[0], s[1], s[1] + "." + i, i);
            }
        }
        assertTrue(Dcmtk.run(sendFolder(folder)).ok());

        String q = java.net.URLEncoder.encode("PatientID:" + patient, java.nio.charset.StandardCharsets.UTF_8);
        String found = "";
        for (int i = 0; i < 60 && !found.contains("\"numFound\":3"); i++) {
            Thread.sleep(500);
            found = api("GET", "/api/v1/series?q=" + q, null).body();
        }
        assertTrue("the 3 series were not indexed: " + found, found.contains("\"numFound\":3"));
        String studies = api("GET", "/api/v1/studies?q=" + q, null).body();
        assertTrue(studies, studies.contains("\"numFound\":2"));
        String facets =
                api("GET", "/api/v1/facets?q=" + q + "&field=Modality", null).body();
        assertTrue(
                facets,
                facets.contains("{\"value\":\"CT\",\"count\":2}") && facets.contains("{\"value\":\"MR\",\"count\":1}"));

        HttpResponse<String> anonymous = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + WEB_PORT + "/api/v1/series?q=" + q))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        HttpResponse<String> unknown = api("GET", "/api/v1/series?q=NoSuchKeyword:x", null);
        assertEquals(unknown.body(), 400, unknown.statusCode());
        assertTrue(unknown.body(), unknown.body().contains("NoSuchKeyword"));
        assertEquals(
                400,
                api("GET", "/api/v1/series?q=" + java.net.URLEncoder.encode("Modality:(CT", "UTF-8"), null)
                        .statusCode());

        // A dataset of explicit series, its CSV, and a saved query.
        HttpResponse<String> created = api(
                "POST",
                "/api/v1/datasets",
                "{\"name\":\"ct " + patient + "\",\"series\":[\"" + studyA + ".1\",\"" + studyA + ".2\"]}");
        assertEquals(created.body(), 201, created.statusCode());
        String id = created.body().replaceAll(".*\"id\":(\\d+).*", "$1");
        String csv = api("GET", "/api/v1/datasets/" + id + "/export.csv", null).body();
        assertEquals(csv, 3, csv.split("\r\n").length);
        assertTrue(csv, csv.contains(studyA + ".2," + studyA + "," + patient));
        HttpResponse<String> saved = api(
                "POST",
                "/api/v1/datasets",
                "{\"name\":\"mr " + patient + "\",\"query\":\"PatientID:" + patient + " AND Modality:MR\"}");
        assertEquals(saved.body(), 201, saved.statusCode());
        String savedId = saved.body().replaceAll(".*\"id\":(\\d+).*", "$1");
        String resolved = api("GET", "/api/v1/datasets/" + savedId, null).body();
        assertTrue(resolved, resolved.contains("\"series\":[\"" + studyB + ".1\"]"));
        assertEquals(
                400,
                api("POST", "/api/v1/datasets", "{\"name\":\"mr " + patient + "\",\"series\":[]}")
                        .statusCode());
        assertEquals(204, api("DELETE", "/api/v1/datasets/" + id, null).statusCode());
        assertEquals(404, api("GET", "/api/v1/datasets/" + id, null).statusCode());
    }

    private HttpResponse<String> api(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + WEB_PORT + path))
                .header(
                        "Authorization",
                        "Basic " + java.util.Base64.getEncoder().encodeToString("itest:itest".getBytes()))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** storescu sending every file of {@code folder} to the platform over one association. */
    private static String[] sendFolder(Path folder) {
        return new String[] {
            "storescu", "+sd", "-aec", "ATRIUM", "127.0.0.1", Integer.toString(DICOM_PORT), folder.toString()
        };
    }

    private Path copyWithNewUids(String name) throws Exception {
        Path file = work.resolve(name);
        String study = "2.25." + System.nanoTime();
        writeObject(file, study, study + ".1", study + ".1.1", 1);
        return file;
    }

    /** A CT-like object: CT_small.dcm with new UIDs, so that tests never collide. */
    private void writeObject(Path file, String study, String series, String sop, int number) throws Exception {
        writeObject(file, "ITEST", "CT", study, series, sop, number);
    }

    private void writeObject(
            Path file, String patient, String modality, String study, String series, String sop, int number)
            throws Exception {
        Attributes attributes = dicom.read(TEST_FILES.resolve("CT_small.dcm"));
        attributes.setString(Tag.PatientID, patient);
        attributes.setString(Tag.Modality, modality);
        attributes.setString(Tag.StudyInstanceUID, study);
        attributes.setString(Tag.SeriesInstanceUID, series);
        attributes.setString(Tag.SOPInstanceUID, sop);
        attributes.setString(Tag.InstanceNumber, Integer.toString(number));
        dicom.write(attributes, "1.2.840.10008.1.2.1", file);
    }
}
