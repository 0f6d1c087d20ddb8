package org.atrium.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * DICOMweb against the distribution running as its own process, through clients nobody here
 * wrote: curl sends the standard's requests (PS3.18's STOW-RS, QIDO-RS and WADO-RS examples),
 * DCMTK's dcmdump reads what comes back, pydicom decodes the DICOM JSON metadata and compares it
 * with the files sent. Bad requests get 4xx answers with a JSON message, never a stack trace.
 */
public class DicomWebIT {

    static final Path PYDICOM_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    static final String PYTHON = "/usr/bin/python3";
    static final String DICOM = "multipart/related; type=\"application/dicom\"";

    private static KarafProcess platform;
    private static Path work;
    private static final Map<String, Map<String, String>> sent = new TreeMap<>();

    @BeforeClass
    public static void startPlatform() throws Exception {
        Assume.assumeTrue("DCMTK not installed: apt-get install dcmtk", Dcmtk.installed());
        Assume.assumeTrue("curl not installed: apt-get install curl", Files.isExecutable(Path.of("/usr/bin/curl")));
        Assume.assumeTrue(
                "pydicom not installed: apt-get install python3-pydicom",
                Dcmtk.run(PYTHON, "-c", "import pydicom").ok());
        platform = new KarafProcess("dicomweb", 21117, 18084, 18105, 18987);
        work = Files.createDirectories(platform.home.resolve("dicomweb-client"));
        for (String name : List.of("CT_small.dcm", "MR_small.dcm")) {
            sent.put(name, identifiers(PYDICOM_FILES.resolve(name)));
        }
        platform.start();
        waitForDicomWeb();
    }

    @AfterClass
    public static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    /** The UIDs and a few values of a file, as pydicom reads them. */
    private static Map<String, String> identifiers(Path file) throws Exception {
        Dcmtk.Result read = Dcmtk.run(
                PYTHON,
                "-c",
                "import pydicom,sys\n"
                        + "ds = pydicom.dcmread(sys.argv[1])\n"
                        + "for k in ['StudyInstanceUID','SeriesInstanceUID','SOPInstanceUID','SOPClassUID',"
                        + "'PatientID','PatientName','StudyDate','Modality','Rows']:\n"
                        + "    print(k + '=' + str(ds.get(k, '')))\n",
                file.toString());
        assertTrue(read.output(), read.ok());
        Map<String, String> values = new TreeMap<>();
        for (String line : read.output().split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1).trim());
            }
        }
        return values;
    }

    private static void waitForDicomWeb() throws Exception {
        String last = "";
        for (int i = 0; i < 240; i++) {
            try {
                Response response = get("/dicomweb/studies", "application/dicom+json");
                if (response.status == 200) {
                    return;
                }
                last = response.status + " " + response.text();
            } catch (AssertionError e) {
                last = e.getMessage(); // the web port is not open yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("/dicomweb/studies did not answer 200: " + last);
    }

    // ---------------------------------------------------------------- the round trip

    @Test
    public void stowThenQidoAndWadoGiveBackWhatWasSent() throws Exception {
        Path ct = PYDICOM_FILES.resolve("CT_small.dcm");
        Path mr = PYDICOM_FILES.resolve("MR_small.dcm");
        Response stored =
                stow("/dicomweb/studies", List.of(part("application/dicom", ct), part("application/dicom", mr)));
        assertEquals(stored.text(), 200, stored.status);
        assertTrue(stored.contentType(), stored.contentType().startsWith("application/dicom+json"));
        String body = stored.text();
        Map<String, String> ctIds = sent.get("CT_small.dcm");
        Map<String, String> mrIds = sent.get("MR_small.dcm");
        // ReferencedSOPSequence with both instances, FailedSOPSequence empty
        assertTrue(body, body.contains("\"00081199\":{\"vr\":\"SQ\",\"Value\":[{"));
        assertTrue(body, body.contains("\"00081198\":{\"vr\":\"SQ\"}"));
        assertTrue(body, body.contains(ctIds.get("SOPInstanceUID")) && body.contains(mrIds.get("SOPInstanceUID")));

        // QIDO-RS: studies by patient ID, name wildcard, date range; series and instances inside them
        String ctStudy = ctIds.get("StudyInstanceUID");
        String ctSeries = ctIds.get("SeriesInstanceUID");
        String ctSop = ctIds.get("SOPInstanceUID");
        Response studies = get("/dicomweb/studies?PatientID=" + ctIds.get("PatientID"), "application/dicom+json");
        assertEquals(studies.text(), 200, studies.status);
        assertEquals(studies.text(), 1, count(studies.text(), "\"0020000D\""));
        assertTrue(studies.text(), studies.text().contains(ctStudy));
        assertTrue(
                studies.text(),
                studies.text()
                        .contains("\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"" + ctIds.get("PatientName")
                                + "\"}]}"));
        assertTrue(studies.text(), studies.text().contains("\"00080061\":{\"vr\":\"CS\",\"Value\":[\"CT\"]}"));
        assertTrue(studies.text(), studies.text().contains("\"00201208\":{\"vr\":\"IS\",\"Value\":[1]}"));
        assertTrue(studies.text(), studies.text().contains("/dicomweb/studies/" + ctStudy + "\""));
        Response byName = get("/dicomweb/studies?PatientName=compressedsamples*&StudyDate=20040101-20041231", null);
        assertEquals(byName.text(), 2, count(byName.text(), "\"0020000D\""));
        Response tagged = get("/dicomweb/studies?00100020=" + mrIds.get("PatientID") + "&includefield=00081030", null);
        assertEquals(tagged.text(), 1, count(tagged.text(), "\"0020000D\""));
        assertTrue(tagged.text(), tagged.text().contains(mrIds.get("StudyInstanceUID")));
        Response page = get("/dicomweb/studies?PatientName=CompressedSamples*&limit=1&offset=1", null);
        assertEquals(page.text(), 1, count(page.text(), "\"0020000D\""));
        Response series = get("/dicomweb/studies/" + ctStudy + "/series", null);
        assertTrue(series.text(), series.text().contains(ctSeries));
        assertTrue(series.text(), series.text().contains("\"00080060\":{\"vr\":\"CS\",\"Value\":[\"CT\"]}"));
        Response allSeries = get("/dicomweb/series?Modality=MR", null);
        assertTrue(allSeries.text(), allSeries.text().contains(mrIds.get("SeriesInstanceUID")));
        assertFalse(allSeries.text(), allSeries.text().contains(ctSeries));
        Response instances = get("/dicomweb/studies/" + ctStudy + "/series/" + ctSeries + "/instances", null);
        assertTrue(instances.text(), instances.text().contains(ctSop));
        assertTrue(instances.text(), instances.text().contains("\"00280010\":{\"vr\":\"US\",\"Value\":[128]}"));
        Response allInstances = get("/dicomweb/instances?SOPClassUID=" + mrIds.get("SOPClassUID"), null);
        assertTrue(allInstances.text(), allInstances.text().contains(mrIds.get("SOPInstanceUID")));

        // WADO-RS: the instance, its series and its study, byte for byte what was sent
        String instanceUrl = "/dicomweb/studies/" + ctStudy + "/series/" + ctSeries + "/instances/" + ctSop;
        for (String url : List.of(
                instanceUrl, "/dicomweb/studies/" + ctStudy + "/series/" + ctSeries, "/dicomweb/studies/" + ctStudy)) {
            Response retrieved = get(url, DICOM + "; transfer-syntax=*");
            assertEquals(retrieved.text(), 200, retrieved.status);
            List<byte[]> parts = multipart(retrieved);
            assertEquals(url, 1, parts.size());
            assertArrayEquals(url, Files.readAllBytes(ct), parts.get(0));
            Path back = work.resolve("retrieved-" + Math.abs(url.hashCode()) + ".dcm");
            Files.write(back, parts.get(0));
            assertEquals("dcmdump of " + url, Dcmtk.normalizedDump(ct), Dcmtk.normalizedDump(back));
        }
        Response single = get(instanceUrl, "application/dicom");
        assertEquals(single.text(), 200, single.status);
        assertArrayEquals(Files.readAllBytes(ct), single.body);

        // metadata, decoded by pydicom and compared with the file sent
        Response metadata = get(instanceUrl + "/metadata", "application/dicom+json");
        assertEquals(metadata.text(), 200, metadata.status);
        assertFalse("no pixel data in metadata", metadata.text().contains("\"7FE00010\""));
        Path json = work.resolve("metadata.json");
        Files.write(json, metadata.body);
        Path script =
                Path.of(DicomWebIT.class.getResource("/dicomweb-compare.py").toURI());
        Dcmtk.Result compared = Dcmtk.run(PYTHON, script.toString(), json.toString(), ct.toString());
        assertTrue(compared.output(), compared.ok());
        Response seriesMetadata = get("/dicomweb/studies/" + mrIds.get("StudyInstanceUID") + "/metadata", null);
        Files.write(json, seriesMetadata.body);
        compared = Dcmtk.run(PYTHON, script.toString(), json.toString(), mr.toString());
        assertTrue(compared.output(), compared.ok());

        // frames: the uncompressed pixel data, as pydicom reads it
        Response frames = get(instanceUrl + "/frames/1", "multipart/related; type=\"application/octet-stream\"");
        assertEquals(frames.text(), 200, frames.status);
        List<byte[]> frameParts = multipart(frames);
        assertEquals(1, frameParts.size());
        Path pixels = work.resolve("pixels.raw");
        Dcmtk.Result raw = Dcmtk.run(
                PYTHON,
                "-c",
                "import pydicom,sys\nopen(sys.argv[2],'wb').write(pydicom.dcmread(sys.argv[1]).PixelData)",
                ct.toString(),
                pixels.toString());
        assertTrue(raw.output(), raw.ok());
        assertArrayEquals(Files.readAllBytes(pixels), frameParts.get(0));

        // rendered: PNG and windowed JPEG of the 128 x 128 slice
        Response png = get(instanceUrl + "/rendered", "image/png");
        assertEquals(png.text(), 200, png.status);
        assertEquals("image/png", png.contentType());
        BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(png.body));
        assertEquals(128, image.getWidth());
        assertEquals(128, image.getHeight());
        Response jpeg = get(instanceUrl + "/frames/1/rendered?window=40,400,linear&quality=80", "image/jpeg");
        assertEquals(jpeg.text(), 200, jpeg.status);
        assertEquals("image/jpeg", jpeg.contentType());
        assertEquals(
                128, ImageIO.read(new java.io.ByteArrayInputStream(jpeg.body)).getWidth());
        Response small = get(instanceUrl + "/rendered?viewport=64,64", null);
        assertEquals(
                64, ImageIO.read(new java.io.ByteArrayInputStream(small.body)).getWidth());

        // the researcher role is enough
        Response asResearcher = curl("researcher:researcher", "GET", "/dicomweb/studies", null, null, null);
        assertEquals(asResearcher.text(), 200, asResearcher.status);
    }

    // ---------------------------------------------------------------- Orthanc as DICOMweb client

    static final Path ORTHANC = Path.of("/usr/sbin/Orthanc");
    static final Path ORTHANC_DICOMWEB = Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so");

    /**
     * Orthanc's DICOMweb plugin, configured with Atrium as a remote DICOMweb server, STOWs a
     * study to it, finds it with QIDO-RS and retrieves it back with WADO-RS: the file Orthanc
     * then holds is the file it sent.
     */
    @Test
    public void orthancStowsQueriesAndRetrievesThroughAtrium() throws Exception {
        Assume.assumeTrue(
                "Orthanc or its DICOMweb plugin not installed: apt-get install orthanc orthanc-dicomweb",
                Files.isExecutable(ORTHANC) && Files.isRegularFile(ORTHANC_DICOMWEB));
        Path original = PYDICOM_FILES.resolve("SC_rgb_rle.dcm");
        Map<String, String> ids = identifiers(original);
        Path dir = Files.createDirectories(work.resolve("orthanc"));
        int http = Dcmtk.freePort();
        // KeepAlive off, as in Orthanc.java: no reuse of a connection Orthanc has just closed.
        String config =
                """
                {
                  "Name": "atrium-dicomweb-it",
                  "StorageDirectory": "%s",
                  "IndexDirectory": "%s",
                  "HttpPort": %d,
                  "DicomPort": %d,
                  "RemoteAccessAllowed": false,
                  "AuthenticationEnabled": false,
                  "StorageCompression": false,
                  "SaveJobs": false,
                  "KeepAlive": false,
                  "Plugins": ["%s"],
                  "DicomWeb": {
                    "Enable": true,
                    "Root": "/dicom-web/",
                    "Servers": {
                      "atrium": { "Url": "%s", "Username": "itest", "Password": "itest" }
                    }
                  }
                }
                """
                        .formatted(
                                dir.resolve("storage"),
                                dir.resolve("index"),
                                http,
                                Dcmtk.freePort(),
                                ORTHANC_DICOMWEB,
                                platform.url("/dicomweb/"));
        Path configFile = Files.writeString(dir.resolve("orthanc.json"), config);
        Process orthanc = new ProcessBuilder(ORTHANC.toString(), configFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("orthanc.log").toFile())
                .start();
        try {
            String orthancUrl = "http://127.0.0.1:" + http;
            Response system = null;
            for (int i = 0; i < 100 && (system == null || system.status != 200); i++) {
                Thread.sleep(200);
                assertTrue("Orthanc exited; see " + dir.resolve("orthanc.log"), orthanc.isAlive());
                system = raw("GET", orthancUrl + "/system", null, null);
            }
            assertEquals(system.text(), 200, system.status);
            Response uploaded = raw("POST", orthancUrl + "/instances", "application/dicom", original);
            assertEquals(uploaded.text(), 200, uploaded.status);
            String instanceId = jsonString(uploaded.text(), "ID");
            String studyId = jsonString(uploaded.text(), "ParentStudy");

            Path request = dir.resolve("request.json");
            Files.writeString(request, "{\"Resources\": [\"" + studyId + "\"], \"Synchronous\": true}");
            Response stowed = raw("POST", orthancUrl + "/dicom-web/servers/atrium/stow", "application/json", request);
            assertEquals(stowed.text() + " (see " + dir.resolve("orthanc.log") + ")", 200, stowed.status);
            String study = ids.get("StudyInstanceUID");
            Response found = get("/dicomweb/studies?StudyInstanceUID=" + study, null);
            assertEquals(found.text(), 1, count(found.text(), "\"0020000D\""));

            Files.writeString(
                    request,
                    "{\"Uri\": \"/studies\", \"Arguments\": {\"PatientID\": \"" + ids.get("PatientID") + "\"}}");
            Response queried = raw("POST", orthancUrl + "/dicom-web/servers/atrium/qido", "application/json", request);
            assertEquals(queried.text(), 200, queried.status);
            assertTrue(queried.text(), queried.text().contains(study));

            Response deleted = raw("DELETE", orthancUrl + "/instances/" + instanceId, null, null);
            assertEquals(deleted.text(), 200, deleted.status);
            Files.writeString(request, "{\"Resources\": [{\"Study\": \"" + study + "\"}], \"Synchronous\": true}");
            Response retrieved =
                    raw("POST", orthancUrl + "/dicom-web/servers/atrium/retrieve", "application/json", request);
            assertEquals(retrieved.text() + " (see " + dir.resolve("orthanc.log") + ")", 200, retrieved.status);
            Response file = raw("GET", orthancUrl + "/instances/" + instanceId + "/file", null, null);
            assertEquals(file.text(), 200, file.status);
            assertArrayEquals(Files.readAllBytes(original), file.body());

            // the RLE colour frame decoded, and rendered
            String url = "/dicomweb/studies/" + study + "/series/" + ids.get("SeriesInstanceUID") + "/instances/"
                    + ids.get("SOPInstanceUID");
            Response frame = get(url + "/frames/1", null);
            assertEquals(frame.text(), 200, frame.status);
            int rows = Integer.parseInt(ids.get("Rows"));
            assertEquals(rows * rows * 3, multipart(frame).get(0).length);
            Response png = get(url + "/rendered", "image/png");
            assertEquals(png.text(), 200, png.status);
            assertEquals(
                    rows,
                    ImageIO.read(new java.io.ByteArrayInputStream(png.body)).getHeight());
        } finally {
            orthanc.destroy();
            orthanc.waitFor();
        }
    }

    /** A request without Atrium's credentials, to Orthanc. */
    static Response raw(String method, String url, String contentType, Path body) throws Exception {
        Path headers = Files.createTempFile(work, "headers-", ".txt");
        Path out = Files.createTempFile(work, "body-", ".bin");
        List<String> command =
                new ArrayList<>(List.of("curl", "-sS", "-X", method, "-D", headers.toString(), "-o", out.toString()));
        if (contentType != null) {
            command.addAll(List.of("-H", "Content-Type: " + contentType));
        }
        if (body != null) {
            command.addAll(List.of("--data-binary", "@" + body));
        }
        command.add(url);
        Dcmtk.Result result = Dcmtk.run(command.toArray(String[]::new));
        if (!result.ok()) {
            return new Response(0, Map.of(), result.output().getBytes(StandardCharsets.UTF_8));
        }
        return response(headers, out);
    }

    /** A top-level string member of a small JSON object. */
    static String jsonString(String json, String name) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"")
                .matcher(json);
        assertTrue(name + " in " + json, matcher.find());
        return matcher.group(1);
    }

    // ---------------------------------------------------------------- STOW-RS failures

    @Test
    public void stowReportsEachFailedPartWithItsReason() throws Exception {
        Path ct = PYDICOM_FILES.resolve("CT_small.dcm");
        Path mr = PYDICOM_FILES.resolve("MR_small.dcm");
        Path text = work.resolve("not-dicom.txt");
        Files.writeString(text, "this is not DICOM\n".repeat(20));
        String ctStudy = sent.get("CT_small.dcm").get("StudyInstanceUID");
        Response mixed = stow(
                "/dicomweb/studies/" + ctStudy,
                List.of(part("application/dicom", text), part("application/dicom", mr), part("application/dicom", ct)));
        assertEquals(mixed.text(), 202, mixed.status);
        String body = mixed.text();
        // the text: Cannot understand (0xC000 = 49152), the MR: another study (0xC409 = 50185)
        assertTrue(body, body.contains("\"00081197\":{\"vr\":\"US\",\"Value\":[49152]}"));
        assertTrue(body, body.contains("\"00081197\":{\"vr\":\"US\",\"Value\":[50185]}"));
        assertTrue(body, body.contains(sent.get("MR_small.dcm").get("SOPInstanceUID")));
        // Retrieve URLs: the study's and the one stored instance's
        assertEquals(body, 2, count(body, "\"00081190\":{\"vr\":\"UR\",\"Value\":[\"http"));
        String warnings = String.join("\n", mixed.headers("warning"));
        assertTrue(warnings, warnings.contains("part 1 is not a DICOM Part 10 file"));
        assertTrue(warnings, warnings.contains("not to " + ctStudy));

        Response none = stow("/dicomweb/studies", List.of(part("text/plain", text)));
        assertEquals(none.text(), 409, none.status);
        assertTrue(none.text(), none.text().contains("\"00081197\":{\"vr\":\"US\",\"Value\":[49152]}"));
        assertTrue(
                String.join(" ", none.headers("warning")),
                String.join(" ", none.headers("warning")).contains("part 1 is text/plain, not application/dicom"));
    }

    // ---------------------------------------------------------------- bad input

    @Test
    public void malformedRequestsGet4xxWithAMessage() throws Exception {
        assertRefused(get("/dicomweb/studies?NoSuchAttribute=1", null), 400, "NoSuchAttribute");
        assertRefused(get("/dicomweb/studies?limit=many", null), 400, "limit");
        assertRefused(get("/dicomweb/studies?StudyDate=2020-2021", null), 400, "StudyDate");
        assertRefused(get("/dicomweb/studies/1.2.3.4.5", DICOM), 404, "no study 1.2.3.4.5");
        assertRefused(get("/dicomweb/studies/1.2.3.4.5/series", null), 404, "no study 1.2.3.4.5");
        assertRefused(get("/dicomweb/studies/not-a-uid", DICOM), 400, "not a UID");
        assertRefused(get("/dicomweb/nonsense", null), 404, "no DICOMweb resource");
        assertRefused(get("/dicomweb/studies", "multipart/related; type=\"application/dicom+xml\""), 406, "dicom+json");
        assertRefused(get("/dicomweb/studies", "application/dicom+json; q=x"), 400, "quality");
        Map<String, String> ct = sent.get("CT_small.dcm");
        String instance = "/dicomweb/studies/" + ct.get("StudyInstanceUID") + "/series/" + ct.get("SeriesInstanceUID")
                + "/instances/" + ct.get("SOPInstanceUID");
        stow("/dicomweb/studies", List.of(part("application/dicom", PYDICOM_FILES.resolve("CT_small.dcm"))));
        assertRefused(get(instance, DICOM + "; transfer-syntax=1.2.840.10008.1.2.4.50"), 406, "not transcoded");
        assertRefused(get(instance + "/frames/2", null), 404, "no frame 2");
        assertRefused(get(instance + "/frames/one", null), 400, "frame numbers");
        assertRefused(get(instance + "/rendered", "image/gif"), 406, "image/jpeg or image/png");
        assertRefused(get(instance + "/rendered?window=40", null), 400, "window");
        assertRefused(get(instance + "/rendered?window=40,400,sigmoid", null), 400, "sigmoid");
        assertRefused(
                get(instance + "/frames/1", "multipart/related; type=\"image/jpeg\""), 406, "application/octet-stream");
        Path any = PYDICOM_FILES.resolve("CT_small.dcm");
        assertRefused(curl(null, "POST", "/dicomweb/studies", "application/json", any, null), 415, "multipart/related");
        assertRefused(
                curl(
                        null,
                        "POST",
                        "/dicomweb/studies",
                        "multipart/related; type=\"application/dicom+json\"; boundary=x",
                        any,
                        null),
                415,
                "application/dicom");
        assertRefused(curl(null, "POST", "/dicomweb/studies", DICOM, any, null), 400, "boundary");
        Path truncated = work.resolve("truncated.body");
        Files.writeString(truncated, "--b\r\nContent-Type: application/dicom\r\n\r\nDICM and then nothing");
        assertRefused(
                curl(null, "POST", "/dicomweb/studies", DICOM + "; boundary=b", truncated, null),
                400,
                "malformed multipart");
        assertRefused(curl(null, "DELETE", "/dicomweb/studies", null, null, null), 405, null);
        Response anonymous = curl("", "GET", "/dicomweb/studies", null, null, null);
        assertEquals(401, anonymous.status);
    }

    private static void assertRefused(Response response, int status, String says) {
        String text = response.text();
        assertEquals(text, status, response.status);
        assertTrue(response.contentType() + ": " + text, response.contentType().startsWith("application/json"));
        assertTrue(text, text.contains("\"status\":" + status));
        if (says != null) {
            assertTrue(text, text.contains(says));
        }
        assertFalse(text, text.contains("Exception") || text.contains("\tat ") || text.contains(".java:"));
    }

    // ---------------------------------------------------------------- curl

    record Response(int status, Map<String, List<String>> headerMap, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        List<String> headers(String name) {
            return headerMap.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        String contentType() {
            List<String> values = headers("content-type");
            return values.isEmpty() ? "" : values.get(0);
        }
    }

    record Part(String contentType, Path file) {}

    static Part part(String contentType, Path file) {
        return new Part(contentType, file);
    }

    static Response get(String path, String accept) throws Exception {
        return curl("itest:itest", "GET", path, null, null, accept);
    }

    /** STOW-RS as PS3.18's example does it: curl posting a multipart/related body made by hand. */
    static Response stow(String path, List<Part> parts) throws Exception {
        String boundary = "DICOMwebBoundary" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part part : parts) {
            body.write(("--" + boundary + "\r\nContent-Type: " + part.contentType() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            body.write(Files.readAllBytes(part.file()));
            body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        Path file = Files.createTempFile(work, "stow-", ".body");
        Files.write(file, body.toByteArray());
        return curl("itest:itest", "POST", path, DICOM + "; boundary=" + boundary, file, "application/dicom+json");
    }

    static Response curl(String user, String method, String path, String contentType, Path body, String accept)
            throws Exception {
        Path headers = Files.createTempFile(work, "headers-", ".txt");
        Path out = Files.createTempFile(work, "body-", ".bin");
        List<String> command =
                new ArrayList<>(List.of("curl", "-sS", "-X", method, "-D", headers.toString(), "-o", out.toString()));
        if (user == null) {
            user = "itest:itest";
        }
        if (!user.isEmpty()) {
            command.addAll(List.of("-u", user));
        }
        if (contentType != null) {
            command.addAll(List.of("-H", "Content-Type: " + contentType));
        }
        if (accept != null) {
            command.addAll(List.of("-H", "Accept: " + accept));
        }
        if (body != null) {
            command.addAll(List.of("--data-binary", "@" + body));
        }
        command.add(platform.url(path));
        Dcmtk.Result result = Dcmtk.run(command.toArray(String[]::new));
        assertTrue(String.join(" ", command) + ": " + result.output(), result.ok());
        return response(headers, out);
    }

    static Response response(Path headers, Path out) throws IOException {
        Map<String, List<String>> headerMap = new TreeMap<>();
        int status = 0;
        for (String line : Files.readAllLines(headers, StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("HTTP/")) {
                status = Integer.parseInt(line.split(" ")[1]);
                headerMap.clear();
            } else if (line.indexOf(':') > 0) {
                String name = line.substring(0, line.indexOf(':')).trim().toLowerCase(Locale.ROOT);
                headerMap
                        .computeIfAbsent(name, n -> new ArrayList<>())
                        .add(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return new Response(status, headerMap, Files.readAllBytes(out));
    }

    /** The parts of a multipart/related response, read here by hand (RFC 2046), independently of the server's code. */
    static List<byte[]> multipart(Response response) {
        String type = response.contentType();
        assertTrue(type, type.startsWith("multipart/related"));
        String boundary = null;
        for (String parameter : type.split(";")) {
            String trimmed = parameter.trim();
            if (trimmed.startsWith("boundary=")) {
                boundary = trimmed.substring("boundary=".length()).replace("\"", "");
            }
        }
        assertTrue(type, boundary != null);
        byte[] body = response.body();
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        List<byte[]> parts = new ArrayList<>();
        int at = indexOf(body, delimiter, 0);
        assertEquals("body starts with the boundary", 0, at);
        while (true) {
            int lineEnd = at + delimiter.length;
            if (body[lineEnd] == '-' && body[lineEnd + 1] == '-') {
                return parts;
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), lineEnd);
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII), headersEnd + 4);
            assertTrue("closing boundary", next > 0);
            parts.add(Arrays.copyOfRange(body, headersEnd + 4, next));
            at = next + 2;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }
}
