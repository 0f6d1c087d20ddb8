package org.atrium.samples.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import org.atrium.dicom.image.Code;
import org.atrium.dicom.objects.SegmentDefinition;
import org.atrium.dicom.objects.SegmentationBuilder;
import org.atrium.extension.api.InputSeries;

/** The phantom's true lungs (segment 1) and bone (segment 2) as a SEG series, for tests of measuring samples. */
public final class PhantomSegmentation {

    public static final String SERIES_DESCRIPTION = "Phantom truth";

    private PhantomSegmentation() {}

    /** Writes the SEG next to the CT (into {@code dir}) and returns it as an input series. */
    public static InputSeries write(SyntheticCt phantom, Path dir) throws Exception {
        Files.createDirectories(dir);
        java.util.List<Path> slices = new java.util.ArrayList<>();
        for (int z = 0; z < phantom.slices(); z++) {
            slices.add(ctFile(dir.getParent().resolve("ct"), z));
        }
        SegmentationBuilder builder =
                new SegmentationBuilder(TestRunContext.files(), slices).seriesDescription(SERIES_DESCRIPTION);
        int lungs = builder.addSegment(SegmentDefinition.automatic(
                "Lungs",
                SegmentDefinition.ANATOMICAL_STRUCTURE,
                new Code("39607008", "SCT", "Lung"),
                "truth",
                0x4F9FE0));
        int bone = builder.addSegment(SegmentDefinition.automatic(
                "Bone", SegmentDefinition.TISSUE, new Code("272673000", "SCT", "Bone"), "truth", 0xF2F2E6));
        int size = phantom.size();
        for (int z = 0; z < phantom.slices(); z++) {
            BitSet lungMask = new BitSet();
            BitSet boneMask = new BitSet();
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int label = phantom.label(x, y, z);
                    if (label == SyntheticCt.LUNG) {
                        lungMask.set(y * size + x);
                    } else if (label == SyntheticCt.BONE) {
                        boneMask.set(y * size + x);
                    }
                }
            }
            builder.setMask(lungs, z, lungMask);
            builder.setMask(bone, z, boneMask);
        }
        Path file = builder.write(dir.resolve("seg.dcm"));
        return new InputSeries(
                SyntheticCt.PATIENT_ID, SyntheticCt.STUDY, builder.seriesInstanceUid(), "SEG", java.util.List.of(file));
    }

    /** The file {@link SyntheticCt#write} wrote for slice z into {@code ctDir}. */
    public static Path ctFile(Path ctDir, int z) {
        return ctDir.resolve(String.format("ct%04d.dcm", z));
    }
}
