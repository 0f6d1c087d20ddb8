package org.atrium.samples.testing;

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
import java.util.Random;
import org.atrium.extension.api.InputSeries;

/**
 * A chest phantom written as CT slices with PixelMed directly: air (-1000 HU) around an elliptic
 * body (0 HU), two ellipsoid lungs (-850 HU) and a spine cylinder (700 HU), each with uniform noise
 * of ±{@link #NOISE} HU. The shapes scale with the volume's size, so the same phantom serves unit
 * tests (64 × 64 × 20) and the benchmark (512 × 512 × 300). {@link #label} says what every voxel
 * is, so tests know the true volumes.
 */
public final class SyntheticCt {

    public static final int AIR = 0;
    public static final int BODY = 1;
    public static final int LUNG = 2;
    public static final int BONE = 3;
    public static final int NOISE = 30;
    public static final String STUDY = "2.25.5550001";
    public static final String SERIES = "2.25.5550002";
    public static final String FRAME_OF_REFERENCE = "2.25.5550003";
    public static final String PATIENT_ID = "PHANTOM-1";

    private final int size;
    private final int slices;
    private final double pixelSpacing;
    private final double sliceThickness;

    public SyntheticCt(int size, int slices) {
        this.size = size;
        this.slices = slices;
        this.pixelSpacing = 320.0 / size;
        this.sliceThickness = 100.0 / slices;
    }

    public int size() {
        return size;
    }

    public int slices() {
        return slices;
    }

    public double voxelVolumeMm3() {
        return pixelSpacing * pixelSpacing * sliceThickness;
    }

    /** What voxel (x, y, z) is: {@link #AIR}, {@link #BODY}, {@link #LUNG} or {@link #BONE}. */
    public int label(int x, int y, int z) {
        double u = (x + 0.5) / size * 2 - 1;
        double v = (y + 0.5) / size * 2 - 1;
        double w = (z + 0.5) / slices * 2 - 1;
        if (sq(u / 0.875) + sq(v / 0.6875) > 1) {
            return AIR;
        }
        if (sq(u) + sq(v - 0.375) <= sq(0.125)) {
            return BONE;
        }
        for (double centre : new double[] {-0.375, 0.375}) {
            if (sq((u - centre) / 0.25) + sq((v + 0.0625) / 0.3125) + sq(w / 0.8) <= 1) {
                return LUNG;
            }
        }
        return BODY;
    }

    /** How many voxels have this label. */
    public long count(int label) {
        long count = 0;
        for (int z = 0; z < slices; z++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    if (label(x, y, z) == label) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private static double sq(double value) {
        return value * value;
    }

    public static int meanHu(int label) {
        return switch (label) {
            case BODY -> 0;
            case LUNG -> -850;
            case BONE -> 700;
            default -> -1000;
        };
    }

    /** Writes the slices (in reverse order, as a store may list them) and returns the input series. */
    public InputSeries write(Path dir) throws Exception {
        Files.createDirectories(dir);
        Random random = new Random(1234);
        List<Path> files = new ArrayList<>();
        short[] pixels = new short[size * size];
        for (int z = slices - 1; z >= 0; z--) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int hu = meanHu(label(x, y, z)) + random.nextInt(2 * NOISE + 1) - NOISE;
                    pixels[y * size + x] = (short) (hu + 1024);
                }
            }
            Path file = dir.resolve(String.format("ct%04d.dcm", z));
            writeSlice(z, pixels, file);
            files.add(file);
        }
        return new InputSeries(PATIENT_ID, STUDY, SERIES, "CT", files);
    }

    public static String sopInstanceUid(int z) {
        return "2.25.5551" + String.format("%05d", z);
    }

    private void writeSlice(int z, short[] pixels, Path file) throws Exception {
        AttributeList list = new AttributeList();
        put(list, "SOPClassUID", "1.2.840.10008.5.1.4.1.1.2");
        put(list, "SOPInstanceUID", sopInstanceUid(z));
        put(list, "StudyInstanceUID", STUDY);
        put(list, "SeriesInstanceUID", SERIES);
        put(list, "FrameOfReferenceUID", FRAME_OF_REFERENCE);
        put(list, "PositionReferenceIndicator", "");
        put(list, "Modality", "CT");
        put(list, "PatientName", "Phantom^Chest");
        put(list, "PatientID", PATIENT_ID);
        put(list, "PatientBirthDate", "19700101");
        put(list, "PatientSex", "O");
        put(list, "StudyDate", "20260101");
        put(list, "StudyTime", "120000");
        put(list, "StudyID", "1");
        put(list, "AccessionNumber", "ACC-1");
        put(list, "ReferringPhysicianName", "");
        put(list, "StudyDescription", "Chest phantom");
        put(list, "SeriesDescription", "Phantom CT");
        put(list, "SeriesNumber", "2");
        put(list, "InstanceNumber", String.valueOf(z + 1));
        put(list, "Manufacturer", "Atrium test");
        put(list, "ImageType", "ORIGINAL", "PRIMARY", "AXIAL");
        double half = size * pixelSpacing / 2;
        put(list, "ImagePositionPatient", fmt(-half), fmt(-half), fmt(z * sliceThickness));
        put(list, "ImageOrientationPatient", "1", "0", "0", "0", "1", "0");
        put(list, "PixelSpacing", fmt(pixelSpacing), fmt(pixelSpacing));
        put(list, "SliceThickness", fmt(sliceThickness));
        put(list, "KVP", "120");
        put(list, "RescaleIntercept", "-1024");
        put(list, "RescaleSlope", "1");
        put(list, "RescaleType", "HU");
        put(list, "WindowCenter", "40");
        put(list, "WindowWidth", "400");
        put(list, "Rows", String.valueOf(size));
        put(list, "Columns", String.valueOf(size));
        put(list, "SamplesPerPixel", "1");
        put(list, "PhotometricInterpretation", "MONOCHROME2");
        put(list, "BitsAllocated", "16");
        put(list, "BitsStored", "16");
        put(list, "HighBit", "15");
        put(list, "PixelRepresentation", "0");
        OtherWordAttribute data = new OtherWordAttribute(tag("PixelData"));
        data.setValues(pixels);
        list.put(data);
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "ATRIUMTEST");
        list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
    }

    private static String fmt(double value) {
        String text = String.format(java.util.Locale.ROOT, "%.6f", value);
        return text.length() > 16 ? text.substring(0, 16) : text;
    }

    private static AttributeTag tag(String keyword) {
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
