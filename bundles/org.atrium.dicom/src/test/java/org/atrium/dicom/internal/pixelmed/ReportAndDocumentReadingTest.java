package org.atrium.dicom.internal.pixelmed;

import static org.atrium.dicom.internal.pixelmed.ImageFixtures.code;
import static org.atrium.dicom.internal.pixelmed.ImageFixtures.object;
import static org.atrium.dicom.internal.pixelmed.ImageFixtures.put;
import static org.atrium.dicom.internal.pixelmed.ImageFixtures.sequence;
import static org.atrium.dicom.internal.pixelmed.ImageFixtures.write;
import static org.atrium.dicom.internal.pixelmed.TestFiles.pydicom;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.atrium.dicom.UID;
import org.atrium.dicom.image.Code;
import org.atrium.dicom.image.ContentItem;
import org.atrium.dicom.image.EncapsulatedDocument;
import org.atrium.dicom.image.StructuredReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Structured Report content trees and encapsulated documents. */
class ReportAndDocumentReadingTest {

    private final PixelMedImages images = new PixelMedImages(new PixelMedFiles());

    @TempDir
    Path temp;

    static AttributeList item(String relationship, String valueType, AttributeList conceptName) {
        AttributeList item = new AttributeList();
        put(item, "RelationshipType", relationship);
        put(item, "ValueType", valueType);
        if (conceptName != null) {
            sequence(item, "ConceptNameCodeSequence", conceptName);
        }
        return item;
    }

    static AttributeList num(String name, String value, AttributeList unit) {
        AttributeList item = item("CONTAINS", "NUM", code("N-" + name, "99TEST", name));
        AttributeList measured = new AttributeList();
        put(measured, "NumericValue", value);
        sequence(measured, "MeasurementUnitsCodeSequence", unit);
        return sequence(item, "MeasuredValueSequence", measured);
    }

    /**
     * TID 1500 in miniature: a report holding a measurement group (tracking text, three
     * measurements with different kinds of unit, a finding code, the image measured), and context
     * items of the other value types.
     */
    static AttributeList report() {
        AttributeList root = object(UID.ComprehensiveSRStorage, "2.25.8000", "SR", "2.25.8001");
        put(root, "ValueType", "CONTAINER");
        put(root, "ContinuityOfContent", "SEPARATE");
        sequence(root, "ConceptNameCodeSequence", code("126000", "DCM", "Imaging Measurement Report"));
        put(root, "CompletionFlag", "COMPLETE");
        put(root, "VerificationFlag", "UNVERIFIED");

        AttributeList language = item("HAS CONCEPT MOD", "CODE", code("121049", "DCM", "Language of Content Item"));
        sequence(language, "ConceptCodeSequence", code("en-US", "RFC5646", "English (United States)"));
        AttributeList observer = item("HAS OBS CONTEXT", "PNAME", code("121008", "DCM", "Person Observer Name"));
        put(observer, "PersonName", "Curie^Marie^Salomea");
        AttributeList date = item("HAS OBS CONTEXT", "DATE", code("111060", "DCM", "Study Date"));
        put(date, "Date", "20261125");
        AttributeList time = item("HAS OBS CONTEXT", "TIME", code("111061", "DCM", "Study Time"));
        put(time, "Time", "134501.25");
        AttributeList dateTime = item("HAS OBS CONTEXT", "DATETIME", code("111526", "DCM", "DateTime Started"));
        put(dateTime, "DateTime", "20261125134501+0100");
        AttributeList uid = item("HAS OBS CONTEXT", "UIDREF", code("121018", "DCM", "Procedure Study Instance UID"));
        put(uid, "UID", ImageFixtures.STUDY);

        AttributeList tracking = item("HAS OBS CONTEXT", "TEXT", code("112039", "DCM", "Tracking Identifier"));
        put(tracking, "TextValue", "Lesion 1");
        AttributeList finding = item("CONTAINS", "CODE", code("121071", "DCM", "Finding"));
        sequence(finding, "ConceptCodeSequence", code("27925004", "SCT", "Nodule"));
        AttributeList image = item("CONTAINS", "IMAGE", code("121112", "DCM", "Source of Measurement"));
        sequence(
                image,
                "ReferencedSOPSequence",
                put(
                        put(new AttributeList(), "ReferencedSOPClassUID", UID.CTImageStorage),
                        "ReferencedSOPInstanceUID",
                        "2.25.20001"));
        AttributeList group = item("CONTAINS", "CONTAINER", code("125007", "DCM", "Measurement Group"));
        put(group, "ContinuityOfContent", "SEPARATE");
        sequence(
                group,
                "ContentSequence",
                tracking,
                num("Long Axis", "12.5", code("mm", "UCUM", "millimeter")),
                num("Count", "3", code("1", "UCUM", "no units")),
                num("Volume", "4", code("cc", "99TEST", "cubic centimeter")),
                finding,
                image);
        AttributeList measurements = item("CONTAINS", "CONTAINER", code("126010", "DCM", "Imaging Measurements"));
        put(measurements, "ContinuityOfContent", "SEPARATE");
        sequence(measurements, "ContentSequence", group);
        AttributeList byReference = new AttributeList();
        put(byReference, "RelationshipType", "INFERRED FROM");
        put(byReference, "ReferencedContentItemIdentifier", 1, 7, 1);

        sequence(root, "ContentSequence", language, observer, date, time, dateTime, uid, measurements, byReference);
        return root;
    }

    @Test
    void readsTheContentTree() throws IOException {
        StructuredReport report = images.structuredReport(write(report(), temp.resolve("sr.dcm")));
        assertEquals(UID.ComprehensiveSRStorage, report.sopClassUid());
        assertEquals("2.25.8000", report.sopInstanceUid());
        assertEquals("Imaging Measurement Report", report.documentTitle());
        assertEquals("COMPLETE", report.completionFlag());
        assertEquals("UNVERIFIED", report.verificationFlag());

        ContentItem root = report.root();
        assertNull(root.relationshipType());
        assertEquals("CONTAINER", root.valueType());
        assertEquals(new Code("126000", "DCM", "Imaging Measurement Report"), root.conceptName());
        assertEquals("", root.text());
        List<ContentItem> children = root.children();
        assertEquals(8, children.size());
        assertItem(children.get(0), "HAS CONCEPT MOD", "CODE", "Language of Content Item", "English (United States)");
        assertEquals(
                new Code("en-US", "RFC5646", "English (United States)"),
                children.get(0).valueCode());
        assertItem(children.get(1), "HAS OBS CONTEXT", "PNAME", "Person Observer Name", "Curie, Marie Salomea");
        assertItem(children.get(2), "HAS OBS CONTEXT", "DATE", "Study Date", "2026-11-25");
        assertItem(children.get(3), "HAS OBS CONTEXT", "TIME", "Study Time", "13:45:01.25");
        assertItem(children.get(4), "HAS OBS CONTEXT", "DATETIME", "DateTime Started", "2026-11-25T13:45:01+0100");
        assertItem(children.get(5), "HAS OBS CONTEXT", "UIDREF", "Procedure Study Instance UID", ImageFixtures.STUDY);

        ContentItem measurements = children.get(6);
        assertItem(measurements, "CONTAINS", "CONTAINER", "Imaging Measurements", "");
        ContentItem group = measurements.children().get(0);
        assertItem(group, "CONTAINS", "CONTAINER", "Measurement Group", "");
        List<ContentItem> values = group.children();
        assertEquals(6, values.size());
        assertItem(values.get(0), "HAS OBS CONTEXT", "TEXT", "Tracking Identifier", "Lesion 1");
        assertItem(values.get(1), "CONTAINS", "NUM", "Long Axis", "12.5 mm");
        assertEquals(12.5, values.get(1).number());
        assertEquals(new Code("mm", "UCUM", "millimeter"), values.get(1).unit());
        assertEquals(
                new Code("N-Long Axis", "99TEST", "Long Axis"), values.get(1).conceptName());
        assertItem(values.get(2), "CONTAINS", "NUM", "Count", "3");
        assertItem(values.get(3), "CONTAINS", "NUM", "Volume", "4 cubic centimeter");
        assertItem(values.get(4), "CONTAINS", "CODE", "Finding", "Nodule");
        assertEquals("27925004", values.get(4).valueCode().value());
        assertItem(values.get(5), "CONTAINS", "IMAGE", "Source of Measurement", "2.25.20001");
        assertEquals("2.25.20001", values.get(5).referencedSopInstanceUid());
        assertTrue(values.get(5).children().isEmpty());

        ContentItem reference = children.get(7);
        assertEquals("INFERRED FROM", reference.relationshipType());
        assertNull(reference.valueType());
        assertEquals("1.7.1", reference.text());
    }

    static void assertItem(ContentItem item, String relationship, String valueType, String concept, String text) {
        assertEquals(relationship, item.relationshipType(), concept);
        assertEquals(valueType, item.valueType(), concept);
        assertEquals(concept, item.conceptMeaning());
        assertEquals(text, item.text(), concept);
    }

    /** OFFIS's SR test document, as pydicom ships it. */
    @Test
    void pydicomTestReport() throws IOException {
        StructuredReport report = images.structuredReport(pydicom("test-SR.dcm"));
        assertEquals("Diagnosis", report.documentTitle());
        assertEquals("COMPLETE", report.completionFlag());
        assertEquals("VERIFIED", report.verificationFlag());
        List<ContentItem> children = report.root().children();
        assertEquals(5, children.size());
        assertItem(children.get(0), "HAS OBS CONTEXT", "UIDREF", "Some UID", "1.2.3.4.5");
        ContentItem container = children.get(1);
        assertEquals("CONTAINER", container.valueType());
        ContentItem text = container.children().get(0);
        assertItem(text, "CONTAINS", "TEXT", "Text Code", "A mass of");
        assertEquals(
                List.of("Sample Code 1", "Sample Code 2"),
                text.children().stream().map(ContentItem::text).toList());
        ContentItem diameter = container.children().get(1);
        assertItem(diameter, "CONTAINS", "NUM", "Diameter", "3 Length Unit");
        assertEquals(new Code("cm", "99_OFFIS_DCMTK", "Length Unit"), diameter.unit());
    }

    @Test
    void imagesAreNotReports() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> images.structuredReport(pydicom("CT_small.dcm")));
        assertTrue(error.getMessage().contains("not a Structured Report"), error.getMessage());
    }

    static AttributeList pdf(byte[] content, boolean withLength) {
        AttributeList list = object(UID.EncapsulatedPDFStorage, "2.25.9000", "DOC", "2.25.9001");
        put(list, "DocumentTitle", "Discharge letter");
        put(list, "MIMETypeOfEncapsulatedDocument", "application/pdf");
        put(list, "BurnedInAnnotation", "YES");
        sequence(list, "ConceptNameCodeSequence");
        if (withLength) {
            put(list, "EncapsulatedDocumentLength", content.length);
        }
        return ImageFixtures.bytes(list, "EncapsulatedDocument", content);
    }

    /** A small PDF of odd length: DICOM pads it with one byte, which must not come back. */
    @Test
    void encapsulatedPdfComesBackByteForByte() throws IOException {
        byte[] content = ("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                        + "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
                .getBytes(StandardCharsets.US_ASCII);
        if (content.length % 2 == 0) {
            content = (new String(content, StandardCharsets.US_ASCII) + "\n").getBytes(StandardCharsets.US_ASCII);
        }
        assertEquals(1, content.length % 2);
        for (boolean withLength : new boolean[] {true, false}) {
            Path file = write(pdf(content, withLength), temp.resolve("doc-" + withLength + ".dcm"));
            EncapsulatedDocument document = images.encapsulatedDocument(file);
            assertEquals("application/pdf", document.mimeType());
            assertEquals("Discharge letter", document.documentTitle());
            assertEquals(UID.EncapsulatedPDFStorage, document.sopClassUid());
            assertEquals("2.25.9000", document.sopInstanceUid());
            assertArrayEquals(content, document.bytes(), "with length attribute: " + withLength);
        }
    }

    @Test
    void imagesAreNotDocuments() {
        IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class, () -> images.encapsulatedDocument(pydicom("CT_small.dcm")));
        assertTrue(error.getMessage().contains("not an encapsulated document"), error.getMessage());
    }
}
