package org.atrium.dicomweb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The DICOM JSON Model as PS3.18 Annex F spells it (its examples in F.4). */
class DicomJsonTest {

    @Test
    void stringsNumbersAndNamesAsAnnexFWritesThem() {
        FakeAttributes dataset = new FakeAttributes()
                .with(0x00080005, "CS", "ISO_IR 192")
                .with(0x00080020, "DA", "20130409")
                .with(0x00080061, "CS", "CT", "PET")
                .with(0x00100010, "PN", "Wang^XiaoDong=王^小東=")
                .with(0x00100020, "LO", "12345")
                .with(0x00101010, "AS", "")
                .with(0x00200011, "IS", "+4")
                .with(0x00280030, "DS", "0.5", "+.25", "1e2")
                .with(0x00280010, "US", "512")
                .with(0x00181140, "FD", "-1.5")
                .with(0x00209165, "AT", "(0x0010,0x0020)");
        assertEquals(
                "{\"00080005\":{\"vr\":\"CS\",\"Value\":[\"ISO_IR 192\"]},"
                        + "\"00080020\":{\"vr\":\"DA\",\"Value\":[\"20130409\"]},"
                        + "\"00080061\":{\"vr\":\"CS\",\"Value\":[\"CT\",\"PET\"]},"
                        + "\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Wang^XiaoDong\",\"Ideographic\":\"王^小東\"}]},"
                        + "\"00100020\":{\"vr\":\"LO\",\"Value\":[\"12345\"]},"
                        + "\"00101010\":{\"vr\":\"AS\"},"
                        + "\"00181140\":{\"vr\":\"FD\",\"Value\":[-1.5]},"
                        + "\"00200011\":{\"vr\":\"IS\",\"Value\":[4]},"
                        + "\"00209165\":{\"vr\":\"AT\",\"Value\":[\"00100020\"]},"
                        + "\"00280010\":{\"vr\":\"US\",\"Value\":[512]},"
                        + "\"00280030\":{\"vr\":\"DS\",\"Value\":[0.5,0.25,1E+2]}}",
                DicomJson.of(dataset).toString());
    }

    @Test
    void sequencesNestAndEmptyOnesHaveNoValue() {
        FakeAttributes dataset = new FakeAttributes()
                .withItems(
                        0x00081115,
                        new FakeAttributes().with(0x0020000E, "UI", "1.2.3"),
                        new FakeAttributes().with(0x0020000E, "UI", "1.2.4"))
                .withItems(0x00081199);
        assertEquals(
                "{\"00081115\":{\"vr\":\"SQ\",\"Value\":[{\"0020000E\":{\"vr\":\"UI\",\"Value\":[\"1.2.3\"]}},"
                        + "{\"0020000E\":{\"vr\":\"UI\",\"Value\":[\"1.2.4\"]}}]},"
                        + "\"00081199\":{\"vr\":\"SQ\"}}",
                DicomJson.of(dataset).toString());
    }

    @Test
    void metaInformationGroupLengthsAndBulkDataAreLeftOut() {
        FakeAttributes dataset = new FakeAttributes()
                .with(0x00020010, "UI", "1.2.840.10008.1.2.1")
                .with(0x00080000, "UL", "100")
                .with(0x00080018, "UI", "1.2.3.4")
                .with(0x00291010, "OB")
                .with(0x00431029, "UN", "private bytes")
                .with(0x7FE00010, "OW");
        assertEquals(
                "{\"00080018\":{\"vr\":\"UI\",\"Value\":[\"1.2.3.4\"]}}",
                DicomJson.of(dataset).toString());
    }

    @Test
    void tagsSortUnsignedAndMalformedNumbersStayText() {
        DicomJson json = new DicomJson()
                .put(0xFFFEE000 - 1, "LO", "high")
                .put(0x00200013, "IS", "seven")
                .put(0x00100010, "PN", "", "Doe^John")
                .putBulkData(0x7FE00010, "OW", "http://x/bulk");
        assertEquals(
                "{\"00100010\":{\"vr\":\"PN\",\"Value\":[{},{\"Alphabetic\":\"Doe^John\"}]},"
                        + "\"00200013\":{\"vr\":\"IS\",\"Value\":[\"seven\"]},"
                        + "\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"http://x/bulk\"},"
                        + "\"FFFEDFFF\":{\"vr\":\"LO\",\"Value\":[\"high\"]}}",
                json.toString());
    }

    @Test
    void emptyValuesInAListAreNull() {
        assertEquals(
                "{\"00080008\":{\"vr\":\"CS\",\"Value\":[\"ORIGINAL\",null,\"AXIAL\"]}}",
                new DicomJson().put(0x00080008, "CS", "ORIGINAL", "", "AXIAL").toString());
    }
}
