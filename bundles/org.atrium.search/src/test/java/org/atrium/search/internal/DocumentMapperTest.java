package org.atrium.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.internal.pixelmed.PixelMedFiles;
import org.atrium.search.internal.DocumentMapper.SeriesInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Field mapping on files nobody here wrote: pydicom's test files, and a SEG made by DCMTK's dump2dcm. */
class DocumentMapperTest {

    static final Path PYDICOM = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    static final String CT_SERIES = "1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322";
    static final String CT_STUDY = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322";

    final PixelMedFiles dicom = new PixelMedFiles();
    final DocumentMapper mapper = new DocumentMapper(dicom);

    @TempDir
    Path temp;

    Attributes header(String name) throws Exception {
        Path file = PYDICOM.resolve(name);
        assumeTrue(Files.isRegularFile(file), "pydicom test files are not installed");
        return dicom.readHeader(file);
    }

    @Test
    void ctHeaderIsFlattenedIntoTypedFields() throws Exception {
        Map<String, Object> fields = mapper.attributes(header("CT_small.dcm"));
        assertEquals("CT", fields.get("Modality_s"));
        assertEquals("CompressedSamples^CT1", fields.get("PatientName_pn"));
        assertEquals("CompressedSamples^CT1", fields.get("PatientName_s"));
        assertEquals("1CT1", fields.get("PatientID_s"));
        assertEquals("2004-01-19T00:00:00Z", fields.get("StudyDate_dt"));
        assertEquals(5.0, fields.get("SliceThickness_d"));
        assertEquals(128, fields.get("Rows_i"));
        assertEquals("GE MEDICAL SYSTEMS", fields.get("Manufacturer_s"));
        assertEquals(List.of("1.2.840.10008.5.1.4.1.1.2"), fields.get("SOPClassUID_ss"));
        assertEquals(CT_SERIES, fields.get("SeriesInstanceUID_s"));
        // Private tags by tag number, strings.
        assertEquals("GEMS_IDEN_01", fields.get("x00090010_s"));
        assertEquals("GE_GENESIS_FF", fields.get("x00091001_s"));
        assertEquals("862399669", fields.get("x00091027_s"));
        // Nothing binary, no file meta, no group lengths.
        assertFalse(
                fields.keySet().stream()
                        .anyMatch(k -> k.startsWith("PixelData")
                                || k.startsWith("TransferSyntaxUID")
                                || k.startsWith("x7FE0")
                                || k.startsWith("x00020")),
                fields.keySet().toString());
        // Generic dictionary attributes are strings under their keyword.
        assertTrue(fields.containsKey("ImagePositionPatient_s"), fields.keySet().toString());
    }

    @Test
    void mrHeaderAndEmptyValues() throws Exception {
        Map<String, Object> mr = mapper.attributes(header("MR_small.dcm"));
        assertEquals("MR", mr.get("Modality_s"));
        assertEquals(0.8, mr.get("SliceThickness_d"));
        assertEquals("2004-08-26T00:00:00Z", mr.get("StudyDate_dt"));
        Map<String, Object> sr = mapper.attributes(header("test-SR.dcm"));
        assertEquals("SR", sr.get("Modality_s"));
        assertEquals("Test^S R", sr.get("PatientName_pn"));
        assertNull(sr.get("PatientID_s"), "empty values are left out");
        assertNull(sr.get("StudyDate_dt"));
    }

    @Test
    void invalidDatesAreLeftOut() {
        assertEquals("2001-01-01T00:00:00Z", DocumentMapper.isoDate("2001.01.01"));
        assertNull(DocumentMapper.isoDate("20011301"));
        assertNull(DocumentMapper.isoDate("yesterday"));
    }

    @Test
    void segmentationIsLinkedToItsSourceSeriesAndFlagsTheStudy() throws Exception {
        Attributes ct = header("CT_small.dcm");
        Attributes seg = dicom.readHeader(segReferencing(CT_SERIES, CT_STUDY));
        SeriesInput ctSeries = new SeriesInput(
                CT_SERIES,
                CT_STUDY,
                "1CT1",
                List.of(ct),
                3,
                Set.of("1.2.840.10008.5.1.4.1.1.2"),
                List.of("trial-a"),
                Instant.parse("2024-05-01T10:00:00Z"));
        SeriesInput segSeries = new SeriesInput(
                "2.25.99",
                CT_STUDY,
                "1CT1",
                List.of(seg),
                1,
                Set.of("1.2.840.10008.5.1.4.1.1.66.4"),
                List.of(),
                Instant.parse("2024-05-02T10:00:00Z"));
        List<Map<String, Object>> docs =
                mapper.study(List.of(segSeries, ctSeries), Instant.parse("2024-06-01T00:00:00Z"));
        assertEquals(2, docs.size());
        Map<String, Object> ctDoc = docs.stream()
                .filter(d -> d.get("SeriesInstanceUID_s").equals(CT_SERIES))
                .findFirst()
                .orElseThrow();
        Map<String, Object> segDoc = docs.stream()
                .filter(d -> d.get("SeriesInstanceUID_s").equals("2.25.99"))
                .findFirst()
                .orElseThrow();
        for (Map<String, Object> doc : docs) {
            assertEquals(List.of("CT", "SEG"), doc.get("ModalitiesInStudy_ss"));
            assertEquals(true, doc.get("HasSEG_b"));
            assertEquals(false, doc.get("HasSR_b"));
            assertEquals(2, doc.get("NumberOfStudyRelatedSeries_i"));
            assertEquals(4, doc.get("NumberOfStudyRelatedInstances_i"));
            // Study and patient attributes come from one series, so all documents agree.
            assertEquals("2004-01-19T00:00:00Z", doc.get("StudyDate_dt"));
            assertEquals("CompressedSamples^CT1", doc.get("PatientName_s"));
            assertEquals("1CT1", doc.get(Fields.PATIENT_KEY));
        }
        assertEquals(List.of("2.25.99"), ctDoc.get("DerivedSeries_ss"));
        assertEquals(List.of("SEG"), ctDoc.get("DerivedModalities_ss"));
        assertEquals(List.of("trial-a"), ctDoc.get("Labels_ss"));
        assertEquals(3, ctDoc.get("NumberOfSeriesRelatedInstances_i"));
        assertEquals("2024-05-01T10:00:00Z", ctDoc.get("IngestTime_dt"));
        assertEquals(List.of(CT_SERIES), segDoc.get("ReferencedSeries_ss"));
        assertEquals("SEG", segDoc.get("Modality_s"));
        assertFalse(segDoc.containsKey("Labels_ss"));
    }

    /** A minimal SEG header written by DCMTK's dump2dcm (a tool nobody here wrote). */
    private Path segReferencing(String seriesUid, String studyUid) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dump2dcm")), "DCMTK dump2dcm is not installed");
        Path dump = temp.resolve("seg.dump");
        Files.writeString(
                dump,
                String.join(
                                "\n",
                                "(0002,0010) UI =LittleEndianExplicit",
                                "(0008,0016) UI =SegmentationStorage",
                                "(0008,0018) UI [2.25.100]",
                                "(0008,0060) CS [SEG]",
                                "(0008,1115) SQ (Sequence with undefined length)",
                                "(fffe,e000) na (Item with undefined length)",
                                "(0020,000e) UI [" + seriesUid + "]",
                                "(fffe,e00d) na (ItemDelimitationItem)",
                                "(fffe,e0dd) na (SequenceDelimitationItem)",
                                "(0010,0010) PN [Other^Name]",
                                "(0020,000d) UI [" + studyUid + "]",
                                "(0020,000e) UI [2.25.99]",
                                "")
                        + "\n");
        Path seg = temp.resolve("seg.dcm");
        Process process = new ProcessBuilder("/usr/bin/dump2dcm", "+te", dump.toString(), seg.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return seg;
    }
}
