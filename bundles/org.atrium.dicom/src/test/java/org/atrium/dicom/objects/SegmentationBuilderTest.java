package org.atrium.dicom.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.image.Code;
import org.atrium.dicom.image.Segment;
import org.atrium.dicom.image.SegmentFrame;
import org.atrium.dicom.image.Segmentation;
import org.atrium.dicom.internal.pixelmed.PixelMedFiles;
import org.atrium.dicom.internal.pixelmed.PixelMedImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentationBuilderTest {

    static final Code LUNG = new Code("39607008", "SCT", "Lung");
    static final Code BONE = new Code("272673000", "SCT", "Bone");
    /** 5 × 7 = 35 pixels: frames start in the middle of bytes. */
    static final int ROWS = 5;

    static final int COLUMNS = 7;

    private final PixelMedFiles files = new PixelMedFiles();
    private final PixelMedImages images = new PixelMedImages(files);

    @TempDir
    Path temp;

    @Test
    void everyTagMatchesItsKeywordInTheDictionary() throws Exception {
        for (Field field : Tags.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                field.setAccessible(true);
                assertEquals(files.tagOf(field.getName()), field.getInt(null), field.getName());
            }
        }
    }

    @Test
    void writesAValidSegmentationThatDecodesToWhatWasBuilt() throws Exception {
        List<Path> sources = SourceImages.ct(temp.resolve("ct"), ROWS, COLUMNS, 4);
        Contributor contributor = new Contributor("Atrium samples", "org.atrium.test.seg", "1.2.3", "ab12cd", "job-7");
        SegmentationBuilder builder = new SegmentationBuilder(files, sources).contributor(contributor);
        int lungs = builder.addSegment(SegmentDefinition.automatic(
                "Lungs", SegmentDefinition.ANATOMICAL_STRUCTURE, LUNG, "threshold", 0x3399FF));
        int bone = builder.addSegment(
                SegmentDefinition.automatic("Bone", SegmentDefinition.TISSUE, BONE, "threshold", 0xF2F2E6));
        BitSet[][] masks = new BitSet[3][sources.size()];
        Random random = new Random(5);
        // Given out of order: frames must still be ordered along the slice normal.
        for (int slice = sources.size() - 1; slice >= 0; slice--) {
            for (int segment : new int[] {lungs, bone}) {
                if (segment == bone && slice == 1) {
                    continue; // no bone on this slice: no frame for it
                }
                BitSet mask = new BitSet();
                for (int i = 0; i < ROWS * COLUMNS; i++) {
                    if (random.nextInt(3) == 0) {
                        mask.set(i);
                    }
                }
                mask.set(ROWS * COLUMNS - 1);
                masks[segment][slice] = mask;
                builder.setMask(segment, slice, mask);
            }
        }
        assertEquals(7, builder.frameCount());
        Path file = builder.write(temp.resolve("seg.dcm"));

        String report = Dciodvfy.validate(file);
        assertEquals(List.of(), Dciodvfy.errors(report), report);

        Segmentation seg = images.segmentation(file);
        assertEquals(builder.sopInstanceUid(), seg.sopInstanceUid());
        assertEquals(SourceImages.SERIES, seg.referencedSeriesInstanceUid());
        assertEquals(SourceImages.FRAME_OF_REFERENCE, seg.frameOfReferenceUid());
        assertEquals("BINARY", seg.segmentationType());
        assertEquals(2, seg.segments().size());
        Segment lungSegment = seg.segment(lungs);
        assertEquals("Lungs", lungSegment.label());
        assertEquals(LUNG, lungSegment.type());
        assertEquals(SegmentDefinition.ANATOMICAL_STRUCTURE, lungSegment.category());
        assertEquals("AUTOMATIC", lungSegment.algorithmType());
        assertTrue(lungSegment.recommendedColor());
        assertColourClose(0x3399FF, lungSegment.rgb());
        assertEquals(7, seg.frames().size());
        int previousSegment = 0;
        double previousZ = Double.NEGATIVE_INFINITY;
        for (SegmentFrame frame : seg.frames()) {
            int slice = sourceIndex(frame.sourceSopInstanceUid());
            assertEquals(masks[frame.segmentNumber()][slice], frame.mask(), "frame " + frame.frame());
            double z = frame.imagePositionPatient()[2];
            if (frame.segmentNumber() == previousSegment) {
                assertTrue(z > previousZ, "frames of a segment go along the normal");
            }
            previousSegment = frame.segmentNumber();
            previousZ = z;
            assertEquals(-20 + 2.0 * slice, z, 1e-9);
        }

        Attributes dataset = files.read(file);
        Attributes equipment =
                dataset.getSequence(Tags.ContributingEquipmentSequence).get(0);
        assertEquals("org.atrium.test.seg", equipment.getString(Tags.ManufacturerModelName));
        assertEquals("1.2.3", equipment.getString(Tags.SoftwareVersions));
        assertTrue(equipment.getString(Tags.ContributionDescription).contains("sha256:ab12cd"));
        assertTrue(equipment.getString(Tags.ContributionDescription).contains("job job-7"));
        assertEquals(SourceImages.STUDY, dataset.getString(Tags.StudyInstanceUID));
        assertEquals("PH-1", dataset.getString(Tags.PatientID));
        // 7 frames of 35 bits: 245 bits in 31 bytes, padded to 32.
        assertEquals(32, dataset.getBytes(Tags.PixelData).length);
    }

    @Test
    void refusesAnEmptySegmentation() throws Exception {
        List<Path> sources = SourceImages.ct(temp.resolve("ct"), ROWS, COLUMNS, 2);
        SegmentationBuilder builder = new SegmentationBuilder(files, sources);
        builder.addSegment(SegmentDefinition.automatic("Lungs", SegmentDefinition.ANATOMICAL_STRUCTURE, LUNG, "x", 0));
        builder.setMask(1, 0, new boolean[ROWS * COLUMNS]);
        assertThrows(IllegalStateException.class, builder::build);
        assertThrows(IllegalArgumentException.class, () -> builder.setMask(2, 0, new BitSet()));
        assertThrows(IllegalArgumentException.class, () -> builder.setMask(1, 0, new boolean[3]));
    }

    private static int sourceIndex(String sopInstanceUid) {
        return Integer.parseInt(sopInstanceUid.substring("2.25.42100".length()));
    }

    static void assertColourClose(int expected, int actual) {
        for (int shift = 0; shift <= 16; shift += 8) {
            int e = (expected >> shift) & 0xFF;
            int a = (actual >> shift) & 0xFF;
            assertTrue(Math.abs(e - a) <= 2, String.format("%06X vs %06X", expected, actual));
        }
    }
}
