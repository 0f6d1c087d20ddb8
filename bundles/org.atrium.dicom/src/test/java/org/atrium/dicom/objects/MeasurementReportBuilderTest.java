package org.atrium.dicom.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.util.List;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.image.Code;
import org.atrium.dicom.image.ContentItem;
import org.atrium.dicom.image.StructuredReport;
import org.atrium.dicom.internal.pixelmed.PixelMedFiles;
import org.atrium.dicom.internal.pixelmed.PixelMedImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasurementReportBuilderTest {

    private final PixelMedFiles files = new PixelMedFiles();
    private final PixelMedImages images = new PixelMedImages(files);

    @TempDir
    Path temp;

    @Test
    void writesAValidTid1500ReportThatDecodesToWhatWasBuilt() throws Exception {
        List<Path> sources = SourceImages.ct(temp.resolve("ct"), 4, 4, 2);
        SegmentationBuilder segBuilder = new SegmentationBuilder(files, sources);
        segBuilder.addSegment(SegmentDefinition.automatic(
                "Lungs", SegmentDefinition.ANATOMICAL_STRUCTURE, SegmentationBuilderTest.LUNG, "t", 0x3399FF));
        boolean[] mask = new boolean[16];
        mask[5] = true;
        segBuilder.setMask(1, 0, mask);
        Path segFile = segBuilder.write(temp.resolve("seg.dcm"));
        Attributes seg = files.readHeader(segFile);

        Contributor contributor = new Contributor("Atrium samples", "org.atrium.test.radiomics", "2.0.0", "ff00", "9");
        MeasurementReportBuilder builder = new MeasurementReportBuilder(files, seg)
                .contributor(contributor)
                .evidence(seg);
        for (Path source : sources) {
            builder.evidence(files.readHeader(source));
        }
        Code voxelCount = new Code("VOXELS", "99ATRIUM", "Voxel count");
        builder.addGroup(new MeasurementGroup(
                "Lungs",
                null,
                segBuilder.sopInstanceUid(),
                1,
                SourceImages.SERIES,
                SegmentationBuilderTest.LUNG,
                List.of(
                        new Measurement(
                                Measurement.ATTENUATION_COEFFICIENT,
                                Measurement.MEAN,
                                -812.25,
                                Measurement.HOUNSFIELD_UNIT),
                        Measurement.of(Measurement.VOLUME, 1234.5678901234, Measurement.CUBIC_MILLIMETER),
                        Measurement.of(voxelCount, 1, Measurement.VOXELS))));
        Path file = builder.write(temp.resolve("sr.dcm"));

        String report = Dciodvfy.validate(file);
        assertEquals(List.of(), Dciodvfy.errors(report), report);

        StructuredReport sr = images.structuredReport(file);
        assertEquals("Imaging Measurement Report", sr.documentTitle());
        assertEquals("COMPLETE", sr.completionFlag());
        ContentItem root = sr.root();
        assertEquals(
                "org.atrium.test.radiomics", child(root, "Device Observer Name").text());
        assertEquals(contributor.deviceUid(), child(root, "Device Observer UID").text());
        ContentItem group = child(child(root, "Imaging Measurements"), "Measurement Group");
        assertEquals("Lungs", child(group, "Tracking Identifier").text());
        assertEquals(
                segBuilder.sopInstanceUid(), child(group, "Referenced Segment").referencedSopInstanceUid());
        assertEquals(
                SourceImages.SERIES,
                child(group, "Source series for segmentation").text());
        ContentItem mean = child(group, "Attenuation Coefficient");
        assertEquals(-812.25, mean.number());
        assertEquals(Measurement.HOUNSFIELD_UNIT, mean.unit());
        assertEquals(Measurement.MEAN, child(mean, "Derivation").valueCode());
        assertEquals(1234.5678901234, child(group, "Volume").number(), 1e-9);
        assertEquals(1.0, child(group, "Voxel count").number());

        Attributes dataset = files.read(file);
        Attributes evidence = dataset.getSequence(Tags.CurrentRequestedProcedureEvidenceSequence)
                .get(0);
        assertEquals(2, evidence.getSequence(Tags.ReferencedSeriesSequence).size());
        Attributes segment = dataset.getSequence(Tags.ContentSequence).stream()
                .filter(i -> i.getString(Tags.ValueType).equals("CONTAINER"))
                .findFirst()
                .orElseThrow()
                .getSequence(Tags.ContentSequence)
                .get(0)
                .getSequence(Tags.ContentSequence)
                .stream()
                .filter(i -> "IMAGE".equals(i.getString(Tags.ValueType)))
                .findFirst()
                .orElseThrow();
        assertEquals(1, segment.getSequence(Tags.ReferencedSOPSequence).get(0).getInt(Tags.ReferencedSegmentNumber));
    }

    static ContentItem child(ContentItem parent, String conceptMeaning) {
        ContentItem found = parent.children().stream()
                .filter(c -> conceptMeaning.equals(c.conceptMeaning()))
                .findFirst()
                .orElse(null);
        assertNotNull(found, conceptMeaning + " under " + parent.conceptMeaning());
        return found;
    }
}
