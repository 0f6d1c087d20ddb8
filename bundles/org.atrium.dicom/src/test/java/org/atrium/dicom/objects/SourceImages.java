package org.atrium.dicom.objects;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TransferSyntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CT slices written with PixelMed directly, so that the builders are checked against objects
 * made by other code: an axial stack at 2 mm, pixel values = row + column + 10 × slice.
 */
final class SourceImages {

    static final String STUDY = "2.25.42001";
    static final String SERIES = "2.25.42002";
    static final String FRAME_OF_REFERENCE = "2.25.42003";

    private SourceImages() {}

    static List<Path> ct(Path dir, int rows, int columns, int slices) throws Exception {
        Files.createDirectories(dir);
        List<Path> paths = new ArrayList<>();
        for (int slice = 0; slice < slices; slice++) {
            AttributeList list = new AttributeList();
            put(list, "SOPClassUID", "1.2.840.10008.5.1.4.1.1.2");
            put(list, "SOPInstanceUID", "2.25.42100" + slice);
            put(list, "StudyInstanceUID", STUDY);
            put(list, "SeriesInstanceUID", SERIES);
            put(list, "FrameOfReferenceUID", FRAME_OF_REFERENCE);
            put(list, "PositionReferenceIndicator", "");
            put(list, "Modality", "CT");
            put(list, "PatientName", "Phantom^Chest");
            put(list, "PatientID", "PH-1");
            put(list, "PatientBirthDate", "19700101");
            put(list, "PatientSex", "O");
            put(list, "StudyDate", "20260101");
            put(list, "StudyTime", "120000");
            put(list, "StudyID", "1");
            put(list, "AccessionNumber", "A1");
            put(list, "ReferringPhysicianName", "");
            put(list, "SeriesNumber", "2");
            put(list, "InstanceNumber", String.valueOf(slice + 1));
            put(list, "Manufacturer", "Test");
            put(list, "ImageType", "ORIGINAL", "PRIMARY", "AXIAL");
            put(list, "ImagePositionPatient", "-100", "-100", String.valueOf(-20 + 2.0 * slice));
            put(list, "ImageOrientationPatient", "1", "0", "0", "0", "1", "0");
            put(list, "PixelSpacing", "0.8", "0.8");
            put(list, "SliceThickness", "2");
            put(list, "KVP", "120");
            put(list, "RescaleIntercept", "-1024");
            put(list, "RescaleSlope", "1");
            put(list, "Rows", String.valueOf(rows));
            put(list, "Columns", String.valueOf(columns));
            put(list, "SamplesPerPixel", "1");
            put(list, "PhotometricInterpretation", "MONOCHROME2");
            put(list, "BitsAllocated", "16");
            put(list, "BitsStored", "16");
            put(list, "HighBit", "15");
            put(list, "PixelRepresentation", "0");
            short[] pixels = new short[rows * columns];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    pixels[r * columns + c] = (short) (r + c + 10 * slice);
                }
            }
            OtherWordAttribute data = new OtherWordAttribute(tag("PixelData"));
            data.setValues(pixels);
            list.put(data);
            FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "TEST");
            Path file = dir.resolve("ct" + slice + ".dcm");
            list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
            paths.add(file);
        }
        return paths;
    }

    static AttributeTag tag(String keyword) {
        return DicomDictionary.StandardDictionary.getTagFromName(keyword);
    }

    private static void put(AttributeList list, String keyword, String... values) throws Exception {
        Attribute attribute = AttributeFactory.newAttribute(tag(keyword));
        for (String value : values) {
            attribute.addValue(value);
        }
        list.put(attribute);
    }
}
