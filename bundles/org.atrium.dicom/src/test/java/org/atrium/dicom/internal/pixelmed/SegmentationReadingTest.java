package org.atrium.dicom.internal.pixelmed;

import static org.atrium.dicom.internal.pixelmed.ImageFixtures.code;
import static org.atrium.dicom.internal.pixelmed.ImageFixtures.imagePixel;
import static org.atrium.dicom.internal.pixelmed.ImageFixtures.object;
import static org.atrium.dicom.internal.pixelmed.ImageFixtures.put;
import static org.atrium.dicom.internal.pixelmed.ImageFixtures.sequence;
import static org.atrium.dicom.internal.pixelmed.ImageFixtures.write;
import static org.atrium.dicom.internal.pixelmed.TestFiles.pydicom;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.atrium.dicom.UID;
import org.atrium.dicom.image.Code;
import org.atrium.dicom.image.Segment;
import org.atrium.dicom.image.SegmentFrame;
import org.atrium.dicom.image.Segmentation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segmentations built here with known masks (frames of 5x3 pixels, so that frames start in the
 * middle of bytes), and dcmqi's liver segmentation from pydicom's test files.
 */
class SegmentationReadingTest {

    static final int ROWS = 3;
    static final int COLUMNS = 5;
    static final String SOURCE_SERIES = "2.25.7000";
    static final String[] SOURCES = {"2.25.7001", "2.25.7002"};

    /** sRGB red (255, 0, 0) in CIELab (D65): L* 53.2408, a* 80.0925, b* 67.2032, scaled onto 0..65535. */
    static final int[] RED_SCALED_LAB = {
        (int) Math.round(53.2408 * 65535 / 100),
        (int) Math.round((80.0925 + 128) * 65535 / 255),
        (int) Math.round((67.2032 + 128) * 65535 / 255)
    };

    private final PixelMedImages images = new PixelMedImages(new PixelMedFiles());

    @TempDir
    Path temp;

    /** Frame f: segment f / 2 + 1 on source f % 2. */
    static boolean[][] masks(int frames) {
        Random random = new Random(11);
        boolean[][] masks = new boolean[frames][ROWS * COLUMNS];
        for (boolean[] mask : masks) {
            for (int i = 0; i < mask.length; i++) {
                mask[i] = random.nextInt(3) == 0;
            }
            mask[random.nextInt(mask.length)] = true;
        }
        return masks;
    }

    /** PS3.5 8.1.1 for Bits Allocated 1: pixel after pixel, frame after frame, low bit first. */
    static byte[] pack(boolean[][] masks) {
        int bits = masks.length * ROWS * COLUMNS;
        byte[] bytes = new byte[(bits + 7) / 8 + ((bits + 7) / 8) % 2];
        int bit = 0;
        for (boolean[] mask : masks) {
            for (boolean set : mask) {
                if (set) {
                    bytes[bit / 8] |= (byte) (1 << (bit % 8));
                }
                bit++;
            }
        }
        return bytes;
    }

    static AttributeList segmentation(boolean[][] masks, boolean sourcePerFrame) {
        AttributeList list = object(UID.SegmentationStorage, "2.25.7100", "SEG", "2.25.7101");
        put(list, "FrameOfReferenceUID", "2.25.7102");
        imagePixel(list, ROWS, COLUMNS, masks.length, "MONOCHROME2", 1, 1, false);
        put(list, "SegmentationType", "BINARY");
        AttributeList referencedSeries = new AttributeList();
        put(referencedSeries, "SeriesInstanceUID", SOURCE_SERIES);
        AttributeList[] instances = new AttributeList[SOURCES.length];
        for (int i = 0; i < SOURCES.length; i++) {
            instances[i] = put(
                    put(new AttributeList(), "ReferencedSOPClassUID", UID.CTImageStorage),
                    "ReferencedSOPInstanceUID",
                    SOURCES[i]);
        }
        sequence(list, "ReferencedSeriesSequence", sequence(referencedSeries, "ReferencedInstanceSequence", instances));

        AttributeList liver = new AttributeList();
        put(liver, "SegmentNumber", 1);
        put(liver, "SegmentLabel", "Liver");
        put(liver, "SegmentAlgorithmType", "MANUAL");
        put(liver, "RecommendedDisplayCIELabValue", RED_SCALED_LAB[0], RED_SCALED_LAB[1], RED_SCALED_LAB[2]);
        sequence(liver, "SegmentedPropertyCategoryCodeSequence", code("91723000", "SCT", "Anatomical Structure"));
        sequence(liver, "SegmentedPropertyTypeCodeSequence", code("10200004", "SCT", "Liver"));
        AttributeList tumour = new AttributeList();
        put(tumour, "SegmentNumber", 2);
        put(tumour, "SegmentLabel", "Tumour");
        put(tumour, "SegmentAlgorithmType", "AUTOMATIC");
        put(tumour, "SegmentAlgorithmName", "ThresholdNet");
        sequence(
                tumour,
                "SegmentedPropertyCategoryCodeSequence",
                code("49755003", "SCT", "Morphologically Altered Structure"));
        sequence(tumour, "SegmentedPropertyTypeCodeSequence", code("108369006", "SCT", "Neoplasm"));
        sequence(list, "SegmentSequence", liver, tumour);

        AttributeList shared = new AttributeList();
        sequence(
                shared,
                "PlaneOrientationSequence",
                put(new AttributeList(), "ImageOrientationPatient", 1, 0, 0, 0, 1, 0));
        if (!sourcePerFrame) {
            sequence(shared, "DerivationImageSequence", derivation(SOURCES[0]));
        }
        sequence(list, "SharedFunctionalGroupsSequence", shared);
        AttributeList[] perFrame = new AttributeList[masks.length];
        for (int f = 0; f < masks.length; f++) {
            perFrame[f] = new AttributeList();
            if (sourcePerFrame) {
                sequence(perFrame[f], "DerivationImageSequence", derivation(SOURCES[f % 2]));
            }
            sequence(
                    perFrame[f],
                    "PlanePositionSequence",
                    put(new AttributeList(), "ImagePositionPatient", -100, -120, (f % 2) * 2.5));
            sequence(
                    perFrame[f],
                    "SegmentIdentificationSequence",
                    put(new AttributeList(), "ReferencedSegmentNumber", f / 2 + 1));
        }
        sequence(list, "PerFrameFunctionalGroupsSequence", perFrame);
        return ImageFixtures.bytes(list, "PixelData", pack(masks));
    }

    static AttributeList derivation(String source) {
        AttributeList sourceImage = new AttributeList();
        put(sourceImage, "ReferencedSOPClassUID", UID.CTImageStorage);
        put(sourceImage, "ReferencedSOPInstanceUID", source);
        sequence(
                sourceImage,
                "PurposeOfReferenceCodeSequence",
                code("121322", "DCM", "Source image for image processing operation"));
        AttributeList derivation = new AttributeList();
        sequence(derivation, "SourceImageSequence", sourceImage);
        sequence(derivation, "DerivationCodeSequence", code("113076", "DCM", "Segmentation"));
        return derivation;
    }

    static boolean[] booleans(SegmentFrame frame) {
        return frame.toBooleans();
    }

    @Test
    void decodesSegmentsFramesAndMasksThatAreNotByteAligned() throws IOException {
        boolean[][] masks = masks(4);
        Path file = write(segmentation(masks, true), temp.resolve("seg.dcm"));
        Segmentation segmentation = images.segmentation(file);

        assertEquals("2.25.7100", segmentation.sopInstanceUid());
        assertEquals("2.25.7101", segmentation.seriesInstanceUid());
        assertEquals(SOURCE_SERIES, segmentation.referencedSeriesInstanceUid());
        assertEquals("2.25.7102", segmentation.frameOfReferenceUid());
        assertEquals("BINARY", segmentation.segmentationType());
        assertEquals(ROWS, segmentation.rows());
        assertEquals(COLUMNS, segmentation.columns());

        assertEquals(2, segmentation.segments().size());
        Segment liver = segmentation.segment(1);
        assertEquals("Liver", liver.label());
        assertEquals("MANUAL", liver.algorithmType());
        assertNull(liver.algorithmName());
        assertEquals(new Code("91723000", "SCT", "Anatomical Structure"), liver.category());
        assertEquals(new Code("10200004", "SCT", "Liver"), liver.type());
        assertTrue(liver.recommendedColor());
        assertColor(0xFF0000, liver.rgb(), 1);
        Segment tumour = segmentation.segment(2);
        assertEquals("Tumour", tumour.label());
        assertEquals("AUTOMATIC", tumour.algorithmType());
        assertEquals("ThresholdNet", tumour.algorithmName());
        assertEquals("Neoplasm", tumour.type().meaning());
        assertFalse(tumour.recommendedColor());
        assertNotEquals(liver.rgb(), tumour.rgb());
        assertNull(segmentation.segment(3));

        List<SegmentFrame> frames = segmentation.frames();
        assertEquals(4, frames.size());
        for (int f = 0; f < 4; f++) {
            SegmentFrame frame = frames.get(f);
            assertEquals(f, frame.frame());
            assertEquals(f / 2 + 1, frame.segmentNumber(), "frame " + f);
            assertEquals(SOURCES[f % 2], frame.sourceSopInstanceUid(), "frame " + f);
            assertNull(frame.sourceFrameNumber());
            assertArrayEquals(new double[] {-100, -120, (f % 2) * 2.5}, frame.imagePositionPatient());
            assertArrayEquals(masks[f], booleans(frame), "mask of frame " + f);
            int area = 0;
            for (int row = 0; row < ROWS; row++) {
                for (int column = 0; column < COLUMNS; column++) {
                    assertEquals(masks[f][row * COLUMNS + column], frame.contains(row, column));
                    area += masks[f][row * COLUMNS + column] ? 1 : 0;
                }
            }
            assertEquals(area, frame.area());
            assertEquals(area, frame.mask().cardinality());
        }
        assertThrows(IndexOutOfBoundsException.class, () -> frames.get(0).contains(ROWS, 0));

        List<SegmentFrame> onSecondSlice = segmentation.framesOf(SOURCES[1]);
        assertEquals(
                List.of(1, 3), onSecondSlice.stream().map(SegmentFrame::frame).toList());
        assertEquals(
                List.of(1, 2),
                onSecondSlice.stream().map(SegmentFrame::segmentNumber).toList());
        assertEquals(
                List.of(2, 3),
                segmentation.framesOf(2).stream().map(SegmentFrame::frame).toList());
        assertTrue(segmentation.framesOf("2.25.9").isEmpty());
        assertEquals(segmentation, images.segmentation(file), "records compare masks and positions by value");
    }

    @Test
    void sourceImageFromSharedFunctionalGroups() throws IOException {
        boolean[][] masks = masks(4);
        Segmentation segmentation = images.segmentation(write(segmentation(masks, false), temp.resolve("shared.dcm")));
        assertEquals(4, segmentation.framesOf(SOURCES[0]).size());
        for (int f = 0; f < 4; f++) {
            assertArrayEquals(masks[f], booleans(segmentation.frames().get(f)));
        }
    }

    @Test
    void fractionalMasksAreThresholdedAtHalfTheMaximum() throws IOException {
        AttributeList list = segmentation(masks(1), true);
        put(list, "SegmentationType", "FRACTIONAL");
        put(list, "SegmentationFractionalType", "PROBABILITY");
        put(list, "MaximumFractionalValue", 200);
        put(list, "BitsAllocated", 8);
        put(list, "BitsStored", 8);
        put(list, "HighBit", 7);
        put(list, "NumberOfFrames", 1);
        byte[] fractions = new byte[ROWS * COLUMNS + 1];
        int[] values = {0, 99, 100, 200, 150, 1, 255};
        for (int i = 0; i < values.length; i++) {
            fractions[i] = (byte) values[i];
        }
        ImageFixtures.bytes(list, "PixelData", fractions);
        Segmentation segmentation = images.segmentation(write(list, temp.resolve("fractional.dcm")));
        assertEquals("FRACTIONAL", segmentation.segmentationType());
        boolean[] mask = booleans(segmentation.frames().get(0));
        // 2 × value ≥ 200: 100 and above.
        boolean[] expected = new boolean[ROWS * COLUMNS];
        expected[2] = true;
        expected[3] = true;
        expected[4] = true;
        expected[6] = true;
        assertArrayEquals(expected, mask);
    }

    @Test
    void shortPixelDataIsAnIoException() throws IOException {
        AttributeList list = segmentation(masks(4), true);
        put(list, "NumberOfFrames", 40);
        IOException error =
                assertThrows(IOException.class, () -> images.segmentation(write(list, temp.resolve("short.dcm"))));
        assertTrue(error.getMessage().contains("too short"), error.getMessage());
    }

    @Test
    void otherObjectsAreNotSegmentations() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> images.segmentation(pydicom("CT_small.dcm")));
        assertTrue(error.getMessage().contains("not a Segmentation"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> images.segmentation(pydicom("test-SR.dcm")));
    }

    /**
     * dcmqi's liver segmentation (pydicom's liver_1frame.dcm: one frame, though three per-frame
     * functional group items remain). Area and first pixel counted from the file's bytes
     * separately; the colour is 3D Slicer's liver (221, 130, 101), which dcmqi wrote as CIELab.
     */
    @Test
    void pydicomLiverSegmentation() throws IOException {
        Segmentation segmentation = images.segmentation(pydicom("liver_1frame.dcm"));
        assertEquals(512, segmentation.rows());
        assertEquals(512, segmentation.columns());
        assertEquals(
                "1.2.392.200103.20080913.113635.1.2009.6.22.21.43.10.23430.1",
                segmentation.referencedSeriesInstanceUid());
        Segment liver = segmentation.segment(1);
        assertEquals("Liver", liver.label());
        assertEquals("SEMIAUTOMATIC", liver.algorithmType());
        assertEquals("SlicerEditor", liver.algorithmName());
        assertEquals(new Code("T-D0050", "SRT", "Tissue"), liver.category());
        assertEquals(new Code("T-62000", "SRT", "Liver"), liver.type());
        assertColor(0xDD8265, liver.rgb(), 0);
        assertEquals(1, segmentation.frames().size());
        SegmentFrame frame = segmentation.frames().get(0);
        assertEquals(1, frame.segmentNumber());
        assertEquals("1.2.392.200103.20080913.113635.2.2009.6.22.21.43.10.23433.1", frame.sourceSopInstanceUid());
        assertArrayEquals(new double[] {-235.2, -226.8, -128.69}, frame.imagePositionPatient(), 1e-9);
        assertEquals(36233, frame.area());
        assertEquals(145 * 512 + 254, frame.mask().nextSetBit(0));
        assertEquals(
                frame.mask(),
                images.segmentation(pydicom("liver_expb_1frame.dcm"))
                        .frames()
                        .get(0)
                        .mask(),
                "the big endian copy");
    }

    static void assertColor(int expected, int actual, int tolerance) {
        for (int shift = 0; shift <= 16; shift += 8) {
            int e = expected >>> shift & 0xFF;
            int a = actual >>> shift & 0xFF;
            assertTrue(
                    Math.abs(e - a) <= tolerance,
                    String.format("colour #%06X instead of #%06X", actual & 0xFFFFFF, expected));
        }
    }
}
