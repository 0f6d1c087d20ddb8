package org.atrium.dicom.internal.pixelmed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.ValueRepresentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.Tag;
import org.junit.jupiter.api.Assumptions;

/** Where the real test files of other projects are, and how to compare data sets. */
final class TestFiles {

    static final Path PYDICOM = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    static final Path PYDICOM_CHARSETS = Path.of("/usr/lib/python3/dist-packages/pydicom/data/charset_files");

    private TestFiles() {}

    static Path pydicom(String name) {
        Path file = PYDICOM.resolve(name);
        Assumptions.assumeTrue(
                Files.isRegularFile(file), "pydicom test files missing: apt-get install python3-pydicom");
        return file;
    }

    static Path charset(String name) {
        Path file = PYDICOM_CHARSETS.resolve(name);
        Assumptions.assumeTrue(
                Files.isRegularFile(file), "pydicom test files missing: apt-get install python3-pydicom");
        return file;
    }

    /** Asserts the same tags, string values, sequence items and bulk data, ignoring group 2. */
    static void assertSameDataSet(Attributes expected, Attributes actual, String where) {
        assertSameDataSet(expected, actual, where, false);
    }

    /**
     * {@code implicitVr}: the data set went through Implicit VR, where private and group length
     * elements arrive without their VR (as UN, compared by their bytes only).
     */
    static void assertSameDataSet(Attributes expected, Attributes actual, String where, boolean implicitVr) {
        assertSameDataSet(expected, actual, where, implicitVr, false);
    }

    /** {@code anyCharacterSet}: values must be equal, however they were encoded. */
    static void assertSameDataSet(
            Attributes expected, Attributes actual, String where, boolean implicitVr, boolean anyCharacterSet) {
        int[] expectedTags = dataSetTags(expected, anyCharacterSet);
        int[] actualTags = dataSetTags(actual, anyCharacterSet);
        assertArrayEquals(expectedTags, actualTags, where + ": tags");
        for (int tag : expectedTags) {
            String at = where + " " + Tag.toString(tag);
            boolean vrLost =
                    implicitVr && "UN".equals(actual.vr(tag)) && (Tag.group(tag) % 2 == 1 || Tag.element(tag) == 0);
            if (vrLost) {
                continue;
            }
            assertEquals(expected.vr(tag), actual.vr(tag), at + " VR");
            if ("SQ".equals(expected.vr(tag))) {
                List<Attributes> expectedItems = expected.getSequence(tag);
                List<Attributes> actualItems = actual.getSequence(tag);
                assertEquals(expectedItems.size(), actualItems.size(), at + " items");
                for (int i = 0; i < expectedItems.size(); i++) {
                    assertSameDataSet(
                            expectedItems.get(i), actualItems.get(i), at + "[" + i + "]", implicitVr, anyCharacterSet);
                }
            } else {
                assertArrayEquals(expected.getStrings(tag), actual.getStrings(tag), at + " values");
                assertSameBulk(expected, actual, tag, at);
            }
        }
    }

    private static void assertSameBulk(Attributes expected, Attributes actual, int tag, String at) {
        Attribute left = ((PixelMedAttributes) expected).attributeList().get(PixelMedAttributes.tagOf(tag));
        Attribute right = ((PixelMedAttributes) actual).attributeList().get(PixelMedAttributes.tagOf(tag));
        try {
            if (left instanceof OtherByteAttributeMultipleCompressedFrames compressed) {
                byte[][] frames = compressed.getFrames();
                byte[][] otherFrames = ((OtherByteAttributeMultipleCompressedFrames) right).getFrames();
                assertEquals(frames.length, otherFrames.length, at + " frames");
                for (int i = 0; i < frames.length; i++) {
                    assertArrayEquals(frames[i], otherFrames[i], at + " frame " + i);
                }
            } else if (ValueRepresentation.isOtherWordVR(left.getVR())) {
                assertArrayEquals(left.getShortValues(), right.getShortValues(), at + " words");
            } else if (ValueRepresentation.isOtherByteVR(left.getVR())
                    || ValueRepresentation.isUnknownVR(left.getVR())) {
                assertArrayEquals(left.getByteValues(), right.getByteValues(), at + " bytes");
            } else if (ValueRepresentation.isOtherFloatVR(left.getVR())) {
                assertArrayEquals(left.getFloatValues(), right.getFloatValues(), at + " floats");
            }
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new AssertionError(at + ": " + e.getMessage(), e);
        }
    }

    static int[] dataSetTags(Attributes attributes, boolean withoutCharacterSet) {
        return java.util.Arrays.stream(attributes.tags())
                .filter(t -> Tag.group(t) != 0x0002)
                .filter(t -> !withoutCharacterSet || t != Tag.SpecificCharacterSet)
                .toArray();
    }

    static byte[] pixelBytes(Attributes attributes) throws com.pixelmed.dicom.DicomException {
        AttributeList list = ((PixelMedAttributes) attributes).attributeList();
        Attribute pixels = list.get(new AttributeTag(0x7FE0, 0x0010));
        if (pixels instanceof OtherByteAttributeMultipleCompressedFrames compressed) {
            return compressed.getFrames()[0];
        }
        if (ValueRepresentation.isOtherWordVR(pixels.getVR())) {
            short[] words = pixels.getShortValues();
            byte[] bytes = new byte[words.length * 2];
            for (int i = 0; i < words.length; i++) {
                bytes[2 * i] = (byte) words[i];
                bytes[2 * i + 1] = (byte) (words[i] >>> 8);
            }
            return bytes;
        }
        return pixels.getByteValues();
    }
}
