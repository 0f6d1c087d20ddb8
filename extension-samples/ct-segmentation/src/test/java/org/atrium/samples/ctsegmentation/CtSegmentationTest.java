package org.atrium.samples.ctsegmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.image.Segmentation;
import org.atrium.extension.api.InputSeries;
import org.atrium.samples.testing.Dciodvfy;
import org.atrium.samples.testing.SyntheticCt;
import org.atrium.samples.testing.TestRunContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CtSegmentationTest {

    @TempDir
    Path temp;

    @Test
    void segmentsThePhantomIntoBodyLungsAndBone() throws Exception {
        SyntheticCt phantom = new SyntheticCt(64, 20);
        InputSeries series = phantom.write(temp.resolve("ct"));
        TestRunContext context = new TestRunContext(CtSegmentation.ID, List.of(series), Map.of(), temp);

        new CtSegmentation().run(context);

        assertEquals(1, context.outputs().size());
        Path segFile = context.outputs().get(0);
        assertEquals(List.of(), Dciodvfy.errors(segFile));
        Segmentation seg = context.images().segmentation(segFile);
        assertEquals(SyntheticCt.SERIES, seg.referencedSeriesInstanceUid());
        assertEquals(SyntheticCt.FRAME_OF_REFERENCE, seg.frameOfReferenceUid());
        assertEquals(
                List.of("Body", "Lungs", "Bone"),
                seg.segments().stream().map(s -> s.label()).toList());

        long body = phantom.count(SyntheticCt.BODY) + phantom.count(SyntheticCt.LUNG) + phantom.count(SyntheticCt.BONE);
        assertWithin(body, voxels(seg, 1), 0.03, "body");
        assertWithin(phantom.count(SyntheticCt.LUNG), voxels(seg, 2), 0.08, "lungs");
        assertWithin(phantom.count(SyntheticCt.BONE), voxels(seg, 3), 0.08, "bone");

        Attributes header = context.dicom().readHeader(segFile);
        Attributes equipment = header.getSequence(0x0018A001).get(0);
        assertEquals(CtSegmentation.ID, equipment.getString(0x00081090));
        assertTrue(equipment.getString(0x0018A003).contains("job job-1"));
        assertEquals(SyntheticCt.STUDY, header.getString(0x0020000D));
        assertEquals(1.0, context.progressValues().get(context.progressValues().size() - 1));
    }

    @Test
    void stopsWhenCancelledAndWritesNothing() throws Exception {
        InputSeries series = new SyntheticCt(32, 10).write(temp.resolve("ct"));
        TestRunContext context = new TestRunContext(CtSegmentation.ID, List.of(series), Map.of(), temp);
        context.cancelAt(0.2);

        assertThrows(CancellationException.class, () -> new CtSegmentation().run(context));
        assertEquals(0, context.outputs().size());
    }

    @Test
    void refusesInvertedLungThresholds() throws Exception {
        InputSeries series = new SyntheticCt(16, 4).write(temp.resolve("ct"));
        TestRunContext context =
                new TestRunContext(CtSegmentation.ID, List.of(series), Map.of("lungLow", -300, "lungHigh", -400), temp);
        assertThrows(IllegalArgumentException.class, () -> new CtSegmentation().run(context));
    }

    static long voxels(Segmentation seg, int segment) {
        return seg.framesOf(segment).stream().mapToLong(f -> f.area()).sum();
    }

    static void assertWithin(long expected, long actual, double tolerance, String what) {
        double error = Math.abs(actual - expected) / (double) expected;
        assertTrue(error <= tolerance, what + ": " + actual + " voxels, phantom " + expected + " (" + error + ")");
        System.out.printf("%s: %d voxels, phantom %d (%.2f %%)%n", what, actual, expected, 100 * error);
    }
}
