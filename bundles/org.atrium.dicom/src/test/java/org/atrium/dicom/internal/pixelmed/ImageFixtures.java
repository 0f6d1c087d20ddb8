package org.atrium.dicom.internal.pixelmed;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import java.io.IOException;
import java.nio.file.Path;
import org.atrium.dicom.UID;

/**
 * Builds test objects with PixelMed directly, so that what the reader decodes was made by other
 * code: attributes by keyword, sequences, pixel data as raw words or bytes.
 */
final class ImageFixtures {

    static final String STUDY = "2.25.1000";
    static final String CT_SERIES = "2.25.1001";

    private ImageFixtures() {}

    static AttributeTag tag(String keyword) {
        AttributeTag tag = DicomDictionary.StandardDictionary.getTagFromName(keyword);
        if (tag == null) {
            throw new IllegalArgumentException("no such keyword: " + keyword);
        }
        return tag;
    }

    /** Sets an attribute from strings (numbers too), its VR from the dictionary. */
    static AttributeList put(AttributeList list, String keyword, Object... values) {
        try {
            Attribute attribute = AttributeFactory.newAttribute(tag(keyword));
            for (Object value : values) {
                attribute.addValue(String.valueOf(value));
            }
            list.put(attribute);
            return list;
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IllegalArgumentException(keyword + ": " + e.getMessage(), e);
        }
    }

    /** Adds a sequence holding the given items. */
    static AttributeList sequence(AttributeList list, String keyword, AttributeList... items) {
        SequenceAttribute sequence = new SequenceAttribute(tag(keyword));
        for (AttributeList item : items) {
            sequence.addItem(item);
        }
        list.put(sequence);
        return list;
    }

    static AttributeList code(String value, String scheme, String meaning) {
        AttributeList item = new AttributeList();
        put(item, "CodeValue", value);
        put(item, "CodingSchemeDesignator", scheme);
        put(item, "CodeMeaning", meaning);
        return item;
    }

    static AttributeList words(AttributeList list, short[] words) {
        try {
            OtherWordAttribute pixels = new OtherWordAttribute(tag("PixelData"));
            pixels.setValues(words);
            list.put(pixels);
            return list;
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IllegalStateException(e);
        }
    }

    static AttributeList bytes(AttributeList list, String keyword, byte[] bytes) {
        try {
            OtherByteAttribute attribute = new OtherByteAttribute(tag(keyword));
            attribute.setValues(bytes);
            list.put(attribute);
            return list;
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Patient, study, series and instance attributes every object gets. */
    static AttributeList object(String sopClass, String sopInstance, String modality, String series) {
        AttributeList list = new AttributeList();
        put(list, "SOPClassUID", sopClass);
        put(list, "SOPInstanceUID", sopInstance);
        put(list, "StudyInstanceUID", STUDY);
        put(list, "SeriesInstanceUID", series);
        put(list, "Modality", modality);
        put(list, "PatientID", "IMG-1");
        put(list, "PatientName", "Test^Image");
        return list;
    }

    /**
     * A monochrome image module: {@code bitsStored} bits in 16-bit words ({@code signed}: two's
     * complement), or in bytes when {@code bitsAllocated} is 8.
     */
    static AttributeList imagePixel(
            AttributeList list,
            int rows,
            int columns,
            int frames,
            String photometric,
            int bitsAllocated,
            int bitsStored,
            boolean signed) {
        put(list, "Rows", rows);
        put(list, "Columns", columns);
        if (frames > 1) {
            put(list, "NumberOfFrames", frames);
        }
        put(list, "SamplesPerPixel", 1);
        put(list, "PhotometricInterpretation", photometric);
        put(list, "BitsAllocated", bitsAllocated);
        put(list, "BitsStored", bitsStored);
        put(list, "HighBit", bitsStored - 1);
        put(list, "PixelRepresentation", signed ? 1 : 0);
        return list;
    }

    static Path write(AttributeList list, String transferSyntax, Path file) throws IOException {
        new PixelMedFiles().write(new PixelMedAttributes(list, null), transferSyntax, file);
        return file;
    }

    static Path write(AttributeList list, Path file) throws IOException {
        return write(list, UID.ExplicitVRLittleEndian, file);
    }
}
