package org.atrium.dicom.internal.pixelmed;

import static org.atrium.dicom.internal.pixelmed.TestFiles.charset;
import static org.atrium.dicom.internal.pixelmed.TestFiles.pydicom;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.Tag;
import org.atrium.dicom.UID;
import org.junit.jupiter.api.Test;

class PixelMedAttributesTest {

    private final PixelMedFiles files = new PixelMedFiles();

    @Test
    void stringsAreTrimmedAndEmptyIsAbsent() {
        Attributes attributes = new PixelMedAttributes()
                .setString(Tag.PatientID, " 12345 ")
                .setString(Tag.AccessionNumber, "")
                .setString(Tag.ImageType, "ORIGINAL", "PRIMARY", "AXIAL")
                .setString(Tag.StudyDescription);
        assertEquals("12345", attributes.getString(Tag.PatientID));
        assertNull(attributes.getString(Tag.AccessionNumber));
        assertTrue(attributes.contains(Tag.AccessionNumber));
        assertNull(attributes.getString(Tag.StudyDescription));
        assertEquals(0, attributes.getStrings(Tag.StudyDescription).length);
        assertArrayEquals(new String[] {"ORIGINAL", "PRIMARY", "AXIAL"}, attributes.getStrings(Tag.ImageType));
        assertNull(attributes.getString(Tag.PatientName));
        assertEquals(0, attributes.getStrings(Tag.PatientName).length);
    }

    @Test
    void numbersBytesAndItemsRoundTripThroughAFile() throws Exception {
        int dimensionIndexPointer = 0x00209165;
        int referencedSegmentNumber = 0x0062000B;
        int cieLab = 0x0062000D;
        int sequence = 0x00081115;
        Attributes attributes = new PixelMedAttributes()
                .setString(Tag.SOPClassUID, UID.SecondaryCaptureImageStorage)
                .setString(Tag.SOPInstanceUID, "2.25.77")
                .setInt(Tag.Rows, 512)
                .setInt(Tag.SeriesNumber, -3)
                .setInt(cieLab, 65535, 0, 32768)
                .setInt(dimensionIndexPointer, referencedSegmentNumber)
                .setDouble(Tag.SliceThickness, 1.0 / 3)
                .setDouble(0x00200032, -125.5, 1e-20, 123456789.123456789)
                .setBytes(0x00420011, "OB", new byte[] {1, 2, 3});
        Attributes item = attributes.addSequenceItem(sequence);
        item.setString(Tag.SeriesInstanceUID, "2.25.78");
        attributes.addSequenceItem(sequence).setInt(Tag.InstanceNumber, 2);

        java.nio.file.Path file = java.nio.file.Files.createTempFile("numbers", ".dcm");
        try {
            files.write(attributes, UID.ExplicitVRLittleEndian, file);
            Attributes read = files.read(file);
            assertEquals(512, read.getInt(Tag.Rows));
            assertEquals("IS", read.vr(Tag.SeriesNumber));
            assertEquals(-3, read.getInt(Tag.SeriesNumber));
            assertArrayEquals(new String[] {"65535", "0", "32768"}, read.getStrings(cieLab));
            assertEquals("AT", read.vr(dimensionIndexPointer));
            assertEquals(1.0 / 3, read.getDouble(Tag.SliceThickness), 1e-12);
            for (String value : read.getStrings(0x00200032)) {
                assertTrue(value.length() <= 16, value);
            }
            assertEquals(123456789.123456789, Double.parseDouble(read.getStrings(0x00200032)[2]), 1e-6);
            assertArrayEquals(new byte[] {1, 2, 3, 0}, read.getBytes(0x00420011));
            assertNull(read.getBytes(Tag.Rows));
            assertEquals("2.25.78", read.getSequence(sequence).get(0).getString(Tag.SeriesInstanceUID));
            assertEquals(2, read.getSequence(sequence).get(1).getInt(Tag.InstanceNumber));
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    @Test
    void valueRepresentationsComeFromTheDictionary() {
        Attributes attributes = new PixelMedAttributes()
                .setString(Tag.PatientName, "Doe^John")
                .setString(Tag.Rows, "512")
                .setString(Tag.SliceThickness, "2.50")
                .setString(Tag.SeriesNumber, "+7")
                .setString(0x00091010, "ACME 1.1")
                .setString(0x00091011, "private value")
                .setString(0x00091012, "x".repeat(200))
                .setString(0x0020000D)
                .setString(0x00081115);
        assertEquals("PN", attributes.vr(Tag.PatientName));
        assertEquals("US", attributes.vr(Tag.Rows));
        assertEquals(512, attributes.getInt(Tag.Rows));
        assertEquals(512.0, attributes.getDouble(Tag.Rows));
        assertEquals("DS", attributes.vr(Tag.SliceThickness));
        assertEquals(2.5, attributes.getDouble(Tag.SliceThickness));
        assertNull(attributes.getInt(Tag.SliceThickness));
        assertEquals(7, attributes.getInt(Tag.SeriesNumber));
        assertEquals("LO", attributes.vr(0x00091010));
        assertEquals("LO", attributes.vr(0x00091011));
        assertEquals("UT", attributes.vr(0x00091012));
        assertEquals("UI", attributes.vr(0x0020000D));
        assertEquals("SQ", attributes.vr(0x00081115));
        assertNull(attributes.getInt(Tag.PatientName));
        assertThrows(IllegalArgumentException.class, () -> attributes.setString(0x00081115, "not a sequence"));
        assertThrows(IllegalArgumentException.class, () -> attributes.setString(Tag.PixelData, "pixels"));
    }

    /** pydicom's CT_small has a private FD and FLs: their values come out in full, not rounded. */
    @Test
    void floatingPointValuesKeepEveryDigit() throws Exception {
        Attributes attributes = files.read(pydicom("CT_small.dcm"));
        assertEquals("862399761.111079", attributes.getString(0x00231070));
        assertEquals((double) -77.20406341552734f, Double.parseDouble(attributes.getString(0x00271041)));
        assertEquals(-77.20406341552734, attributes.getDouble(0x00271041), 1e-12);
    }

    @Test
    void tagsAscendInDataSetOrder() throws Exception {
        Attributes attributes = files.read(pydicom("CT_small.dcm"));
        int[] tags = attributes.tags();
        for (int i = 1; i < tags.length; i++) {
            assertTrue(Integer.compareUnsigned(tags[i - 1], tags[i]) < 0, Tag.toString(tags[i]));
        }
        assertTrue(Arrays.stream(tags).anyMatch(t -> t == Tag.PixelData));
    }

    @Test
    void sequencesAreReadAndItemsAreLive() throws Exception {
        Attributes plan = files.read(pydicom("rtplan.dcm"));
        List<Attributes> beams = plan.getSequence(0x300A00B0);
        assertEquals(1, beams.size());
        assertEquals("SQ", plan.vr(0x300A00B0));
        assertEquals("Field 1", beams.get(0).getString(0x300A00C2));
        beams.get(0).setString(0x300A00C2, "Renamed");
        assertEquals("Renamed", plan.getSequence(0x300A00B0).get(0).getString(0x300A00C2));
        assertTrue(plan.getSequence(Tag.PatientName).isEmpty());
    }

    @Test
    void copyIsDeep() throws Exception {
        Attributes plan = files.read(pydicom("rtplan.dcm"));
        Attributes copy = plan.copy();
        TestFiles.assertSameDataSet(plan, copy, "copy");
        copy.getSequence(0x300A00B0).get(0).setString(0x300A00C2, "Changed in copy");
        copy.setString(Tag.PatientName, "Other^Name");
        assertEquals("Field 1", plan.getSequence(0x300A00B0).get(0).getString(0x300A00C2));
        assertFalse("Other^Name".equals(plan.getString(Tag.PatientName)));

        Attributes compressed = files.read(pydicom("MR_small_RLE.dcm"));
        TestFiles.assertSameDataSet(compressed, compressed.copy(), "compressed copy");
    }

    @Test
    void nonAsciiValueSwitchesAnAsciiDataSetToUtf8() throws Exception {
        Attributes attributes = files.read(pydicom("CT_small.dcm"));
        attributes.setString(Tag.PatientName, "Ελληνικά^Ωμέγα");
        assertEquals("ISO_IR 192", attributes.getString(Tag.SpecificCharacterSet));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        files.encode(attributes, UID.ExplicitVRLittleEndian, bytes);
        Attributes decoded = files.decode(new ByteArrayInputStream(bytes.toByteArray()), UID.ExplicitVRLittleEndian);
        assertEquals("Ελληνικά^Ωμέγα", decoded.getString(Tag.PatientName));
        TestFiles.assertSameDataSet(attributes, decoded, "utf-8");
    }

    @Test
    void latin1DataSetStaysLatin1WhenItCanEncodeTheValue() throws Exception {
        Attributes french = files.read(charset("chrFren.dcm"));
        assertEquals("ISO_IR 100", french.getString(Tag.SpecificCharacterSet));
        french.setString(Tag.PatientName, "Müller^Zoë");
        assertEquals("ISO_IR 100", french.getString(Tag.SpecificCharacterSet));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        files.encode(french, UID.ImplicitVRLittleEndian, bytes);
        byte[] encoded = bytes.toByteArray();
        assertTrue(indexOf(encoded, "M\u00fcller".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)) >= 0);
        assertEquals(
                "Müller^Zoë",
                files.decode(new ByteArrayInputStream(encoded), UID.ImplicitVRLittleEndian)
                        .getString(Tag.PatientName));
    }

    @Test
    void settingSpecificCharacterSetReencodesExistingValues() throws Exception {
        Attributes french = files.read(charset("chrFren.dcm"));
        String name = french.getString(Tag.PatientName);
        french.setString(Tag.SpecificCharacterSet, "ISO_IR 192");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        files.encode(french, UID.ExplicitVRLittleEndian, bytes);
        assertTrue(indexOf(bytes.toByteArray(), name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) >= 0);
        assertEquals(
                name,
                files.decode(new ByteArrayInputStream(bytes.toByteArray()), UID.ExplicitVRLittleEndian)
                        .getString(Tag.PatientName));
    }

    @Test
    void foreignAttributesAreCopiedThroughTheInterface() throws Exception {
        Attributes plan = files.read(pydicom("rtplan.dcm"));
        Attributes foreign = new ForwardingAttributes(plan);
        PixelMedAttributes converted = PixelMedAttributes.of(foreign);
        assertEquals(plan.getString(Tag.PatientName), converted.getString(Tag.PatientName));
        assertEquals(
                plan.getSequence(0x300A00B0).get(0).getString(0x300A00C2),
                converted.getSequence(0x300A00B0).get(0).getString(0x300A00C2));
        assertTrue(Arrays.equals(plan.getStrings(0x300A0002), converted.getStrings(0x300A0002)));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** An Attributes that is not ours, as another toolkit's would be. */
    private record ForwardingAttributes(Attributes delegate) implements Attributes {
        @Override
        public boolean contains(int tag) {
            return delegate.contains(tag);
        }

        @Override
        public String getString(int tag) {
            return delegate.getString(tag);
        }

        @Override
        public String[] getStrings(int tag) {
            return delegate.getStrings(tag);
        }

        @Override
        public Integer getInt(int tag) {
            return delegate.getInt(tag);
        }

        @Override
        public Double getDouble(int tag) {
            return delegate.getDouble(tag);
        }

        @Override
        public List<Attributes> getSequence(int tag) {
            return delegate.getSequence(tag).stream()
                    .map(a -> (Attributes) new ForwardingAttributes(a))
                    .toList();
        }

        @Override
        public Attributes setString(int tag, String... values) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Attributes setInt(int tag, int... values) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Attributes setDouble(int tag, double... values) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Attributes setBytes(int tag, String vr, byte[] value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] getBytes(int tag) {
            return null;
        }

        @Override
        public Attributes addSequenceItem(int tag) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Attributes remove(int tag) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String vr(int tag) {
            return delegate.vr(tag);
        }

        @Override
        public int[] tags() {
            return Arrays.stream(delegate.tags())
                    .filter(t -> !"OB OW OF UN".contains(delegate.vr(t)))
                    .toArray();
        }

        @Override
        public Attributes copy() {
            return this;
        }
    }
}
