package org.atrium.samples.radiomics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.atrium.dicom.image.ContentItem;
import org.atrium.dicom.image.StructuredReport;
import org.atrium.extension.api.InputSeries;
import org.atrium.samples.testing.Dciodvfy;
import org.atrium.samples.testing.PhantomSegmentation;
import org.atrium.samples.testing.SyntheticCt;
import org.atrium.samples.testing.TestRunContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RadiomicsTest {

    @TempDir
    Path temp;

    @Test
    void reportsTheStatisticsOfEachSegment() throws Exception {
        SyntheticCt phantom = new SyntheticCt(64, 20);
        InputSeries ct = phantom.write(temp.resolve("ct"));
        InputSeries seg = PhantomSegmentation.write(phantom, temp.resolve("seg"));
        TestRunContext context = new TestRunContext(Radiomics.ID, List.of(ct, seg), Map.of(), temp);

        new Radiomics().run(context);

        assertEquals(1, context.outputs().size());
        Path srFile = context.outputs().get(0);
        assertEquals(List.of(), Dciodvfy.errors(srFile));
        StructuredReport sr = context.images().structuredReport(srFile);
        assertEquals("Imaging Measurement Report", sr.documentTitle());
        List<ContentItem> groups = child(sr.root(), "Imaging Measurements").children();
        assertEquals(2, groups.size());

        for (int label : new int[] {SyntheticCt.LUNG, SyntheticCt.BONE}) {
            String name = label == SyntheticCt.LUNG ? "Lungs" : "Bone";
            ContentItem group = groups.stream()
                    .filter(g -> name.equals(child(g, "Tracking Identifier").text()))
                    .findFirst()
                    .orElseThrow();
            double[] values = independentValues(phantom, context, label);
            int n = values.length;
            double mean = Arrays.stream(values).average().orElseThrow();
            double variance =
                    Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / n;
            double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
            assertClose(mean, measurement(group, "Attenuation Coefficient", "Mean"), name + " mean");
            assertClose(
                    Math.sqrt(variance),
                    measurement(group, "Attenuation Coefficient", "Standard Deviation"),
                    name + " sd");
            assertClose(values[0], measurement(group, "Attenuation Coefficient", "Minimum"), name + " min");
            assertClose(values[n - 1], measurement(group, "Attenuation Coefficient", "Maximum"), name + " max");
            assertClose(median, measurement(group, "Attenuation Coefficient", "Median"), name + " median");
            assertClose(n, child(group, "Voxel count").number(), name + " voxels");
            assertClose(n * phantom.voxelVolumeMm3(), child(group, "Volume").number(), name + " volume");
            assertClose(
                    Arrays.stream(values).map(v -> v * v).sum(),
                    child(group, "Energy").number(),
                    name + " energy");
            assertEquals(
                    "[hnsf'U]", child(group, "Attenuation Coefficient").unit().value());
            assertEquals("mm3", child(group, "Volume").unit().value());
            assertEquals(seg.files().size(), 1);
            assertNotNull(child(group, "Referenced Segment").referencedSopInstanceUid());
        }
    }

    @Test
    void refusesADatasetWithoutSegmentations() throws Exception {
        InputSeries ct = new SyntheticCt(16, 4).write(temp.resolve("ct"));
        TestRunContext context = new TestRunContext(Radiomics.ID, List.of(ct), Map.of(), temp);
        assertThrows(IllegalArgumentException.class, () -> new Radiomics().run(context));
    }

    /** The HU values of one phantom label, read back through the DICOM API, sorted. */
    static double[] independentValues(SyntheticCt phantom, TestRunContext context, int label) throws Exception {
        List<Double> values = new ArrayList<>();
        int size = phantom.size();
        for (int z = 0; z < phantom.slices(); z++) {
            float[] slice = context.images()
                    .modalityValues(
                            PhantomSegmentation.ctFile(
                                    context.workDir().getParent().resolve("ct"), z),
                            0);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    if (phantom.label(x, y, z) == label) {
                        values.add((double) slice[y * size + x]);
                    }
                }
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    static double measurement(ContentItem group, String concept, String derivation) {
        return group.children().stream()
                .filter(c -> concept.equals(c.conceptMeaning()))
                .filter(c -> c.children().stream()
                        .anyMatch(m -> m.valueCode() != null
                                && derivation.equals(m.valueCode().meaning())))
                .findFirst()
                .orElseThrow(() -> new AssertionError(concept + " / " + derivation + " missing"))
                .number();
    }

    static ContentItem child(ContentItem parent, String meaning) {
        return parent.children().stream()
                .filter(c -> meaning.equals(c.conceptMeaning()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(meaning + " missing under " + parent.conceptMeaning()));
    }

    static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)), what);
    }
}
