package org.atrium.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.atrium.store.ResearchStore;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A realistic mixed corpus through the real ingest path: every DICOM file of Debian's
 * python3-pydicom (CT, MR, SEG, SR, RT, ultrasound, secondary captures, ECG, odd encodings),
 * plus CT, MR and SEG series made here with DCMTK, all sent with DCMTK's storescu to the booted
 * distribution. The expected counts come from the files themselves, read with DCMTK's dcmdump,
 * never from the platform: then every facet count at every level, and the hits of some queries,
 * must be exactly those.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SearchCorpusIT {

    static final int DICOM_PORT = 21132;
    static final int WEB_PORT = 18085;
    static final int SOLR_PORT = 18987;
    static final Path PYDICOM_DATA = Path.of("/usr/lib/python3/dist-packages/pydicom/data");
    static final Path TEST_FILES = PYDICOM_DATA.resolve("test_files");
    /** Generated patients' IDs start with this; no pydicom file's does. */
    static final String GENERATED = "ATRIUM-GEN-";

    @Inject
    ResearchStore store;

    @Configuration
    public Option[] config() {
        return Distribution.options(
                new Distribution.Ports(18105, 11105, 44455, WEB_PORT, DICOM_PORT, SOLR_PORT),
                editConfigurationFilePut("etc/org.atrium.store.cfg", "quietPeriodSeconds", "1"));
    }

    /** What dcmdump reads from one file: the top-level attributes the expectations need. */
    record DicomObject(
            Path file,
            String sopClass,
            String sop,
            String study,
            String series,
            String modality,
            String patientKey,
            String bodyPart) {}

    @Test
    public void countsAndFindsAMixedCorpusExactly() throws Exception {
        Assume.assumeTrue("DCMTK not installed: apt-get install dcmtk", Dcmtk.installed());
        Assume.assumeTrue("pydicom test files missing: apt-get install python3-pydicom", Files.isDirectory(TEST_FILES));
        Path work = Files.createDirectories(
                Path.of(System.getProperty("atrium.itest.work")).resolve("corpus-" + System.nanoTime()));
        List<Path> files = new ArrayList<>(pydicomCopies(work.resolve("pydicom")));
        files.addAll(generatedSeries(work.resolve("generated")));

        // Send: one association per file, proposing the file's own transfer syntax.
        List<DicomObject> stored = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Path file : files) {
            DicomObject object = dump(file);
            List<String> command = new ArrayList<>(List.of("storescu", "-aec", "ATRIUM"));
            command.addAll(Dcmtk.proposing(Dcmtk.transferSyntax(file)));
            command.addAll(List.of("127.0.0.1", Integer.toString(DICOM_PORT), file.toString()));
            Dcmtk.run(command.toArray(new String[0]));
            if (store.instance(object.sop()).isPresent()) {
                stored.add(object);
            } else {
                refused.add(file.getFileName().toString());
            }
        }
        System.out.println("Corpus: " + stored.size() + " objects stored, refused: " + refused);
        long generated = stored.stream()
                .filter(o -> o.patientKey().startsWith(GENERATED))
                .count();
        assertEquals("every generated instance is stored", 20, generated);
        assertTrue("only " + stored.size() + " objects stored; refused: " + refused, stored.size() - generated >= 50);

        // The expectations, from the files alone.
        Map<String, DicomObject> seriesByUid = new TreeMap<>();
        for (DicomObject object : stored) {
            DicomObject first = seriesByUid.putIfAbsent(object.series(), object);
            if (first != null) {
                assertEquals("one modality per series", first.modality(), object.modality());
            }
        }
        List<DicomObject> series = List.copyOf(seriesByUid.values());
        Map<String, Set<String>> studyModalities = new HashMap<>();
        for (DicomObject s : series) {
            studyModalities.computeIfAbsent(s.study(), k -> new TreeSet<>()).add(s.modality());
        }
        Set<String> patients = series.stream().map(DicomObject::patientKey).collect(Collectors.toSet());
        Map<String, Long> seriesPerModality = countDistinct(series, DicomObject::modality, DicomObject::series);
        Map<String, Long> studiesPerModality = countDistinct(series, DicomObject::modality, DicomObject::study);
        Map<String, Long> patientsPerModality = countDistinct(series, DicomObject::modality, DicomObject::patientKey);
        Map<String, Long> patientsPerBodyPart = countDistinct(series, DicomObject::bodyPart, DicomObject::patientKey);
        Map<String, Long> seriesPerBodyPart = countDistinct(series, DicomObject::bodyPart, DicomObject::series);
        System.out.println("Expected: " + series.size() + " series, " + studyModalities.size() + " studies, "
                + patients.size() + " patients; series per modality " + seriesPerModality + ", studies "
                + studiesPerModality + ", patients " + patientsPerModality);
        assertTrue(
                "a patient with several series of one modality",
                patientsPerModality.get("CT") < seriesPerModality.get("CT"));

        // The index settles: every series searchable, nothing waiting.
        awaitNumFound("/api/v1/series?rows=0", series.size());

        assertEquals(series.size(), numFound(api("/api/v1/series?rows=0")));
        assertEquals(studyModalities.size(), numFound(api("/api/v1/studies?rows=0")));
        assertEquals(patients.size(), numFound(api("/api/v1/patients?rows=0")));

        String seriesFacets = api("/api/v1/facets?field=Modality&field=BodyPartExamined&limit=1000");
        assertEquals(series.size(), numFound(seriesFacets));
        assertEquals(seriesPerModality, buckets(seriesFacets, "Modality"));
        assertEquals(seriesPerBodyPart, buckets(seriesFacets, "BodyPartExamined"));
        String studyFacets = api("/api/v1/facets?level=study&field=Modality&limit=1000");
        assertEquals(studyModalities.size(), numFound(studyFacets));
        assertEquals(studiesPerModality, buckets(studyFacets, "Modality"));
        String patientFacets = api("/api/v1/facets?level=patient&field=Modality&field=BodyPartExamined&limit=1000");
        assertEquals(patients.size(), numFound(patientFacets));
        assertEquals(patientsPerModality, buckets(patientFacets, "Modality"));
        assertEquals(patientsPerBodyPart, buckets(patientFacets, "BodyPartExamined"));

        // Queries, in any case: their hits are exactly the expected series, studies and patients.
        for (String modality : seriesPerModality.keySet()) {
            String lower = modality.toLowerCase(java.util.Locale.ROOT);
            Set<String> expected = series.stream()
                    .filter(s -> s.modality().equals(modality))
                    .map(DicomObject::series)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(
                    modality, expected, seriesUids(api("/api/v1/series?rows=1000&q=" + encode("Modality:" + lower))));
            assertEquals(
                    modality,
                    patientsPerModality.get(modality).longValue(),
                    numFound(api("/api/v1/patients?rows=0&q=" + encode("Modality:" + lower))));
        }
        long studiesWithSeg =
                studyModalities.values().stream().filter(m -> m.contains("SEG")).count();
        assertEquals(studiesWithSeg, numFound(api("/api/v1/studies?rows=0&q=" + encode("HasSEG:true"))));
        Set<String> generatedCt = series.stream()
                .filter(s ->
                        s.patientKey().startsWith(GENERATED) && s.modality().equals("CT"))
                .map(DicomObject::series)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(
                generatedCt,
                seriesUids(api("/api/v1/series?rows=1000&q=" + encode("PatientID:atrium-gen-* AND modality:ct"))));
        // The SEG made here refers to the first generated CT series: that one has a derived SEG.
        assertEquals(
                Set.of(generatedCt.stream()
                        .filter(uid -> uid.endsWith(".1"))
                        .findFirst()
                        .orElseThrow()),
                seriesUids(api("/api/v1/series?rows=1000&q=" + encode("DerivedModalities:seg"))));
    }

    // ---------------------------------------------------------------- the corpus

    /**
     * Copies of every pydicom DICOM file that is a stored object of a patient (DICOMDIRs, colour
     * palettes and files DCMTK cannot read are left out), each with new study, series and instance
     * UIDs: several files are one object in different encodings under the same UIDs, and some share
     * a study or series while disagreeing on who the patient is.
     */
    private static List<Path> pydicomCopies(Path folder) throws Exception {
        Files.createDirectories(folder);
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(PYDICOM_DATA)) {
            sources = walk.filter(p -> p.getFileName().toString().endsWith(".dcm"))
                    .sorted()
                    .toList();
        }
        List<Path> copies = new ArrayList<>();
        for (Path source : sources) {
            Path copy = folder.resolve(copies.size() + "_" + source.getFileName());
            Files.copy(source, copy);
            Map<String, String> top = topLevel(copy);
            boolean object = top != null
                    && !top.getOrDefault("0008,0016", "").isEmpty()
                    && !top.getOrDefault("0008,0018", "").isEmpty()
                    && !top.getOrDefault("0020,000d", "").isEmpty()
                    && !top.getOrDefault("0020,000e", "").isEmpty();
            if (object
                    && Dcmtk.run("dcmodify", "-nb", "-gst", "-gse", "-gin", copy.toString())
                            .ok()) {
                copies.add(copy);
            } else {
                Files.delete(copy);
            }
        }
        return copies;
    }

    /**
     * Two patients of our own: A has a chest CT study with two CT series and a SEG of the first,
     * and a head MR study; B a study with an MR and an abdomen CT series. 20 instances made from
     * pydicom's CT_small, MR_small and liver_1frame (a real SEG) with DCMTK.
     */
    private static List<Path> generatedSeries(Path folder) throws Exception {
        Files.createDirectories(folder);
        String root = "2.25." + System.nanoTime();
        List<Path> files = new ArrayList<>();
        String ctSeries = root + ".11.1";
        files.addAll(series(folder, "CT_small.dcm", "A", root + ".11", ctSeries, "CT", "CHEST", 1, 5, null));
        files.addAll(series(folder, "CT_small.dcm", "A", root + ".11", root + ".11.2", "CT", "CHEST", 2, 3, null));
        files.addAll(
                series(folder, "liver_1frame.dcm", "A", root + ".11", root + ".11.3", "SEG", "CHEST", 3, 1, ctSeries));
        files.addAll(series(folder, "MR_small.dcm", "A", root + ".12", root + ".12.1", "MR", "HEAD", 1, 4, null));
        files.addAll(series(folder, "MR_small.dcm", "B", root + ".21", root + ".21.1", "MR", "HEAD", 1, 3, null));
        files.addAll(series(folder, "CT_small.dcm", "B", root + ".21", root + ".21.2", "CT", "ABDOMEN", 2, 4, null));
        return files;
    }

    private static List<Path> series(
            Path folder,
            String template,
            String patient,
            String study,
            String series,
            String modality,
            String bodyPart,
            int seriesNumber,
            int instances,
            String referencedSeries)
            throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= instances; i++) {
            Path file = folder.resolve(series + "_" + i + ".dcm");
            Files.copy(TEST_FILES.resolve(template), file);
            List<String> command = new ArrayList<>(List.of(
                    "dcmodify",
                    "-nb",
                    "-i",
                    "PatientID=" + GENERATED + patient,
                    "-i",
                    "PatientName=Generated^" + patient,
                    "-i",
                    "StudyInstanceUID=" + study,
                    "-i",
                    "SeriesInstanceUID=" + series,
                    "-i",
                    "SOPInstanceUID=" + series + "." + i,
                    "-i",
                    "Modality=" + modality,
                    "-i",
                    "BodyPartExamined=" + bodyPart,
                    "-i",
                    "SeriesNumber=" + seriesNumber,
                    "-i",
                    "InstanceNumber=" + i));
            if (referencedSeries != null) {
                command.addAll(List.of("-i", "ReferencedSeriesSequence[0].SeriesInstanceUID=" + referencedSeries));
            }
            command.add(file.toString());
            Dcmtk.Result modified = Dcmtk.run(command.toArray(new String[0]));
            assertTrue(file + ": " + modified.output(), modified.ok());
            files.add(file);
        }
        return files;
    }

    // ---------------------------------------------------------------- reading files with dcmdump

    private static final Pattern LINE = Pattern.compile("^\\(([0-9a-f]{4},[0-9a-f]{4})\\) [A-Z][A-Z] (.*)$");

    /** The top-level attributes of a file as dcmdump prints them (tag → value), or null if it cannot read it. */
    static Map<String, String> topLevel(Path file) throws IOException, InterruptedException {
        Dcmtk.Result dump = Dcmtk.run("dcmdump", "-q", "-Un", file.toString());
        if (!dump.ok()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : dump.output().split("\n")) {
            Matcher m = LINE.matcher(line); // nested items are indented, so never match
            if (m.matches()) {
                String rest = m.group(2);
                String value = "";
                int close = rest.indexOf(']');
                if (rest.startsWith("[") && close > 0) {
                    value = rest.substring(1, close).trim();
                } else if (rest.startsWith("[")) {
                    value = rest.substring(1); // a long value dcmdump cut short: not one we need
                }
                values.putIfAbsent(m.group(1), value);
            }
        }
        return values;
    }

    private static DicomObject dump(Path file) throws Exception {
        Map<String, String> top = topLevel(file);
        assertTrue("dcmdump cannot read " + file, top != null);
        String patientId = top.getOrDefault("0010,0020", "");
        String issuer = top.get("0010,0021");
        // Patients are told apart by Patient ID and its issuer.
        String patientKey = issuer == null || issuer.isEmpty() ? patientId : patientId + "^^" + issuer;
        return new DicomObject(
                file,
                top.getOrDefault("0008,0016", ""),
                top.getOrDefault("0008,0018", ""),
                top.getOrDefault("0020,000d", ""),
                top.getOrDefault("0020,000e", ""),
                top.getOrDefault("0008,0060", ""),
                patientKey,
                top.getOrDefault("0018,0015", ""));
    }

    /** For each non-empty value of {@code value}, how many distinct {@code group} values have it. */
    private static Map<String, Long> countDistinct(
            List<DicomObject> series, Function<DicomObject, String> value, Function<DicomObject, String> group) {
        Map<String, Set<String>> groups = new TreeMap<>();
        for (DicomObject s : series) {
            String v = value.apply(s);
            if (!v.isEmpty()) {
                groups.computeIfAbsent(v, k -> new TreeSet<>()).add(group.apply(s));
            }
        }
        Map<String, Long> counts = new TreeMap<>();
        groups.forEach((v, g) -> counts.put(v, (long) g.size()));
        return counts;
    }

    // ---------------------------------------------------------------- the REST API

    private static String api(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + WEB_PORT + path))
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString((Distribution.USER + ":" + Distribution.USER)
                                                                .getBytes(StandardCharsets.UTF_8)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(path + " -> " + response.body(), 200, response.statusCode());
        return response.body();
    }

    private static String encode(String query) {
        return URLEncoder.encode(query, StandardCharsets.UTF_8);
    }

    private static long numFound(String json) {
        Matcher m = Pattern.compile("\"numFound\":(\\d+)").matcher(json);
        assertTrue(json, m.find());
        return Long.parseLong(m.group(1));
    }

    /** Waits until {@code path} finds {@code expected} and then stays there (the index has settled). */
    private static void awaitNumFound(String path, long expected) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(180);
        int stable = 0;
        long found = -1;
        while (stable < 3) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the index did not settle at " + expected + " (last " + found + ")");
            }
            Thread.sleep(500);
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + WEB_PORT + "/api/v1/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            boolean drained = response.body().contains("\"outboxBacklog\":0");
            found = numFound(api(path));
            stable = drained && found == expected ? stable + 1 : 0;
        }
    }

    /** A facet's buckets as value → count; the counts must come most frequent first. */
    private static Map<String, Long> buckets(String json, String keyword) {
        Matcher field = Pattern.compile("\"" + keyword + "\":\\[([^\\]]*)\\]").matcher(json);
        assertTrue(keyword + " in " + json, field.find());
        Map<String, Long> buckets = new TreeMap<>();
        long previous = Long.MAX_VALUE;
        Matcher bucket = Pattern.compile("\\{\"value\":\"((?:[^\"\\\\]|\\\\.)*)\",\"count\":(\\d+)\\}")
                .matcher(field.group(1));
        while (bucket.find()) {
            long count = Long.parseLong(bucket.group(2));
            assertTrue(keyword + " counts not in descending order: " + field.group(1), count <= previous);
            previous = count;
            buckets.put(bucket.group(1), count);
        }
        return buckets;
    }

    private static Set<String> seriesUids(String json) {
        Set<String> uids = new TreeSet<>();
        Matcher m = Pattern.compile("\"SeriesInstanceUID\":\"([0-9.]+)\"").matcher(json);
        while (m.find()) {
            uids.add(m.group(1));
        }
        assertEquals(json, numFound(json), uids.size());
        return uids;
    }
}
