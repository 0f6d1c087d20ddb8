package org.atrium.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.atrium.web.JsonReader;
import org.junit.After;
import org.junit.Assume;
import org.junit.Test;

/**
 * Every sample extension installed at runtime from its KAR, the way an admin does it, and run the
 * way a researcher does: the CT segmentation's SEG, the radiomics SR over that SEG, the PDF report
 * over both, the partner template's SR, each stored in the source study and passing dciodvfy; the
 * MITK Workbench launcher refusing with what is missing, then launched with a program configured,
 * getting the series and its SEG, and a segmentation saved into its folder imported as a new
 * object; finally each extension uninstalled and its services gone.
 *
 * <p>MITK Workbench has no Debian package: the configured program here is a shell script that does
 * what a user does in MITK (save a segmentation as DICOM SEG into the session's folder), so the
 * launcher, the export, the folder watch and the import are real; the MITK GUI is not.
 */
public class SamplesIT {

    static final int DICOM_PORT = 21146;
    static final int WEB_PORT = 18092;
    static final int SSH_PORT = 18112;
    static final int SOLR_PORT = 18994;
    static final String CTSEG = "org.atrium.samples.ct-segmentation";
    static final String RADIOMICS = "org.atrium.samples.radiomics";
    static final String PDF = "org.atrium.samples.pdf-report";
    static final String HELLO = "org.atrium.samples.hello";
    static final String MITK = "org.atrium.samples.mitk-launcher";
    static final List<String> KARS = List.of("ctseg", "radiomics", "pdfreport", "hello", "mitk");

    KarafProcess platform;
    AtriumClient api;

    @Test
    public void theSamplesInstallRunWriteValidDicomAndUninstall() throws Exception {
        for (String kar : KARS) {
            String property = System.getProperty("atrium." + kar + ".kar");
            Assume.assumeTrue(
                    "the " + kar + " sample's KAR was not built",
                    property != null && Files.isRegularFile(Path.of(property)));
        }
        Assume.assumeTrue("DCMTK not installed: apt-get install dcmtk", Dcmtk.installed());
        Assume.assumeTrue(
                "dicom3tools not installed: apt-get install dicom3tools",
                Files.isExecutable(Path.of("/usr/bin/dciodvfy")));
        Assume.assumeTrue(
                "pydicom not installed: apt-get install python3-pydicom",
                Dcmtk.run("/usr/bin/python3", "-c", "import pydicom").ok());
        platform = new KarafProcess("samples", DICOM_PORT, WEB_PORT, SSH_PORT, SOLR_PORT);
        api = new AtriumClient(platform);
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
        Dcmtk.Result sent = Dcmtk.run(
                "storescu", "+sd", "-aec", "ATRIUM", "127.0.0.1", Integer.toString(DICOM_PORT), cts.toString());
        assertTrue(sent.output(), sent.ok());

        for (String kar : KARS) {
            Path copy = platform.home.resolve("atrium-ext-" + kar + ".kar");
            Files.copy(Path.of(System.getProperty("atrium." + kar + ".kar")), copy);
            String installed = api.install(copy);
            assertTrue(installed, installed.contains("installed KAR"));
        }
        String list = api.console("atrium:ext-list");
        for (String id : List.of(CTSEG, RADIOMICS, PDF, HELLO, MITK)) {
            assertTrue(list, list.contains(id + " 1.0.0"));
        }

        // 1. CT segmentation: a SEG in the CT's study.
        Map<String, Object> seg = onlyOutput(run(CTSEG, List.of(ct)));
        assertEquals("SEG", AtriumClient.firstValue(seg, "00080060"));
        String study = AtriumClient.firstValue(seg, "0020000D");
        String segSeries = AtriumClient.firstValue(seg, "0020000E");
        assertValid(seg, "Segmentation");

        // 2. Radiomics over the CT and its SEG: a TID 1500 measurement report.
        Map<String, Object> sr = onlyOutput(run(RADIOMICS, List.of(ct, segSeries)));
        assertEquals("SR", AtriumClient.firstValue(sr, "00080060"));
        assertEquals(study, AtriumClient.firstValue(sr, "0020000D"));
        String report = assertValid(sr, "ComprehensiveSR");
        assertTrue(report, report.contains("Imaging Measurement Report") && report.contains("Mean"));
        String srSeries = AtriumClient.firstValue(sr, "0020000E");

        // 3. PDF report over the CT, its SEG and the measurements: an Encapsulated PDF.
        Map<String, Object> pdf = onlyOutput(run(PDF, List.of(ct, segSeries, srSeries)));
        assertEquals(study, AtriumClient.firstValue(pdf, "0020000D"));
        assertValid(pdf, "EncapsulatedPDF");
        Path extracted = platform.home.resolve("report.pdf");
        Dcmtk.Result unwrapped = Dcmtk.run(
                "dcm2pdf",
                platform.home
                        .resolve(AtriumClient.firstValue(pdf, "00080018") + ".dcm")
                        .toString(),
                extracted.toString());
        assertTrue(unwrapped.output(), unwrapped.ok());
        byte[] document = Files.readAllBytes(extracted);
        assertEquals("%PDF-", new String(document, 0, 5, StandardCharsets.ISO_8859_1));

        // 4. The partner template: a Basic Text SR saying hello.
        Map<String, Object> hello = onlyOutput(run(HELLO, List.of(ct)));
        String text = assertValid(hello, "BasicTextSR");
        assertTrue(text, text.contains("Hello from Atrium: series \"UI thorax CT\" has 10 instances."));

        // 5. MITK Workbench launcher (it gets the SEGs the search index knows of): without the
        // program it says what is missing.
        String derived = URLEncoder.encode("ReferencedSeries:\"" + ct + "\" AND Modality:SEG", StandardCharsets.UTF_8);
        Map<String, Object> indexed = Map.of();
        for (int i = 0; i < 120 && !Long.valueOf(1).equals(indexed.get("numFound")); i++) {
            Thread.sleep(250);
            indexed = AtriumClient.object(api.get("/api/v1/series?q=" + derived));
        }
        assertEquals("the SEG is not indexed: " + indexed, 1L, indexed.get("numFound"));
        String launchBody = "{\"series\":[\"" + ct + "\"]}";
        HttpResponse<String> refused = api.post("/api/v1/tools/" + MITK + "/launch", launchBody);
        assertEquals(refused.body(), 409, refused.statusCode());
        assertTrue(refused.body(), refused.body().contains("MITK Workbench is not installed"));
        assertTrue(refused.body(), refused.body().contains("etc/org.atrium.samples.mitk.cfg"));
        Path program = mitkStandIn();
        Files.writeString(platform.home.resolve("etc/org.atrium.samples.mitk.cfg"), "executable = " + program + "\n");
        HttpResponse<String> launched = refused;
        for (int i = 0; i < 60 && launched.statusCode() == 409; i++) {
            Thread.sleep(500);
            launched = api.post("/api/v1/tools/" + MITK + "/launch", launchBody);
        }
        assertEquals(launched.body(), 201, launched.statusCode());
        Map<String, Object> launch = JsonReader.readObject(launched.body());
        assertEquals(List.of(ct, segSeries), launch.get("series"));
        String imported = awaitImport((Long) launch.get("id"));
        List<?> found = (List<?>) api.get("/dicomweb/instances?SOPInstanceUID=" + imported);
        assertEquals(1, found.size());
        Map<String, Object> saved = AtriumClient.object(found.get(0));
        assertEquals("SEG", AtriumClient.firstValue(saved, "00080060"));
        assertEquals(study, AtriumClient.firstValue(saved, "0020000D"));
        assertTrue(api.console("atrium:tools").contains(MITK));
        // On a dataset: its series, with their SEGs; an unknown dataset is a 404.
        HttpResponse<String> dataset =
                api.post("/api/v1/datasets", "{\"name\":\"mitk cohort\",\"series\":[\"" + ct + "\"]}");
        assertEquals(dataset.body(), 201, dataset.statusCode());
        long datasetId = (Long) JsonReader.readObject(dataset.body()).get("id");
        HttpResponse<String> onDataset =
                api.post("/api/v1/tools/" + MITK + "/launch", "{\"dataset\":" + datasetId + "}");
        assertEquals(onDataset.body(), 201, onDataset.statusCode());
        assertEquals(
                List.of(ct, segSeries), JsonReader.readObject(onDataset.body()).get("series"));
        HttpResponse<String> noDataset = api.post("/api/v1/tools/" + MITK + "/launch", "{\"dataset\":999999}");
        assertEquals(noDataset.body(), 404, noDataset.statusCode());
        HttpResponse<String> closed = api.delete("/api/v1/tools/launches/"
                + JsonReader.readObject(onDataset.body()).get("id"));
        assertEquals(closed.body(), 200, closed.statusCode());

        // Uninstalled, every algorithm and tool is gone; the results stay.
        for (String id : List.of(CTSEG, RADIOMICS, PDF, HELLO, MITK)) {
            String uninstalled = api.console("atrium:ext-uninstall atrium-ext-" + id);
            assertTrue(uninstalled, uninstalled.contains("uninstalled"));
        }
        assertEquals(List.of(), api.get("/api/v1/algorithms"));
        assertEquals(List.of(), api.get("/api/v1/tools"));
        assertEquals(List.of(), api.get("/api/v1/tools/launches"));
        assertEquals(1, ((List<?>) api.get("/dicomweb/instances?SOPInstanceUID=" + imported)).size());
    }

    /** Starts the algorithm over the series and waits for its one job to succeed. */
    private Map<String, Object> run(String algorithm, List<String> series) throws Exception {
        long id = AtriumClient.workflowId(api.post(
                "/api/v1/workflows",
                "{\"algorithm\":\"" + algorithm + "\",\"series\":[\"" + String.join("\",\"", series) + "\"]}"));
        return api.awaitJobs(id, "SUCCEEDED", 1).get(0);
    }

    /** The job's one result, as QIDO-RS describes it. */
    private Map<String, Object> onlyOutput(Map<String, Object> job) throws Exception {
        List<?> outputs = (List<?>) job.get("outputs");
        assertEquals(String.valueOf(job), 1, outputs.size());
        List<?> found = (List<?>) api.get("/dicomweb/instances?SOPInstanceUID=" + outputs.get(0));
        assertEquals(1, found.size());
        return AtriumClient.object(found.get(0));
    }

    private static String instancePath(Map<String, Object> attributes) {
        return "/dicomweb/studies/" + AtriumClient.firstValue(attributes, "0020000D") + "/series/"
                + AtriumClient.firstValue(attributes, "0020000E") + "/instances/"
                + AtriumClient.firstValue(attributes, "00080018");
    }

    /** Fetches the object by WADO-RS, asserts dciodvfy finds no error and names the IOD; returns its dump. */
    private String assertValid(Map<String, Object> attributes, String iod) throws Exception {
        HttpResponse<byte[]> file = api.bytes(instancePath(attributes), "application/dicom");
        assertEquals(200, file.statusCode());
        Path saved = Files.write(
                platform.home.resolve(AtriumClient.firstValue(attributes, "00080018") + ".dcm"), file.body());
        Dcmtk.Result verified = Dcmtk.run("dciodvfy", saved.toString());
        assertTrue(verified.output(), verified.output().lines().noneMatch(l -> l.startsWith("Error")));
        assertTrue(verified.output(), verified.output().contains(iod));
        return Dcmtk.run("dcmdump", "+U8", saved.toString()).output();
    }

    /**
     * What a user does in MITK: open the files handed over, save a segmentation as DICOM SEG into
     * the session's folder (here: the exported SEG with a new SOP Instance UID, written under a
     * temporary name first, as MITK's writer does), then quit.
     */
    private Path mitkStandIn() throws Exception {
        Path program = platform.home.resolve("MitkWorkbench");
        Files.writeString(
                program,
                String.join(
                        "\n",
                        "#!/bin/sh",
                        "set -e",
                        "seg=$(ls series/SEG-*/*.dcm | head -n 1)",
                        "cp \"$seg\" saved.part",
                        "dcmodify -nb -gin -ma SeriesDescription=\"Edited in MITK\" saved.part",
                        "mv saved.part edited-seg.dcm",
                        "sleep 2",
                        ""));
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        return program;
    }

    private String awaitImport(long launchId) throws Exception {
        Map<String, Object> launch = Map.of();
        for (int i = 0; i < 120; i++) {
            launch = AtriumClient.object(api.get("/api/v1/tools/launches/" + launchId));
            List<?> imported = (List<?>) launch.get("imported");
            if (!imported.isEmpty()) {
                assertEquals(launch.toString(), 1, imported.size());
                return String.valueOf(imported.get(0));
            }
            Thread.sleep(250);
        }
        throw new AssertionError("nothing imported from the MITK folder: " + launch);
    }

    @After
    public void stop() {
        if (platform != null) {
            platform.close();
        }
    }
}
