package org.atrium.samples.radiomics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.image.Code;
import org.atrium.dicom.image.Segment;
import org.atrium.dicom.objects.Measurement;
import org.atrium.dicom.objects.MeasurementGroup;
import org.atrium.dicom.objects.MeasurementReportBuilder;
import org.atrium.extension.api.Algorithm;
import org.atrium.extension.api.AlgorithmDescriptor;
import org.atrium.extension.api.InputConstraints;
import org.atrium.extension.api.Resources;
import org.atrium.extension.api.RunContext;
import org.atrium.samples.support.Provenances;
import org.atrium.samples.support.SegmentMasks;
import org.atrium.samples.support.SegmentedSeries;
import org.atrium.samples.support.Volume;
import org.osgi.service.component.annotations.Component;

/**
 * First-order and shape statistics of each segment of each Segmentation in a dataset, over the
 * series the Segmentation was drawn on (found through its Referenced Series Sequence), written as
 * one TID 1500 measurement report per Segmentation.
 *
 * <p>Dataset scope: the dataset holds the image series and their SEG series side by side, which is
 * how a SEG and its source stay together in the store; one job sees both.
 */
@Component(service = Algorithm.class)
public final class Radiomics implements Algorithm {

    public static final String ID = "org.atrium.samples.radiomics";
    public static final String VERSION = "1.0.0";
    static final String VENDOR = "Atrium samples";
    /** Features without a code in the DICOM content mapping resource: a private scheme. */
    static final String SCHEME = "99ATRIUM";

    static final Code MEDIAN = new Code("MEDIAN", SCHEME, "Median");
    static final Code P10 = new Code("P10", SCHEME, "10th percentile");
    static final Code P90 = new Code("P90", SCHEME, "90th percentile");
    static final Code ENERGY = new Code("ENERGY", SCHEME, "Energy");
    static final Code ENTROPY = new Code("ENTROPY", SCHEME, "Entropy");
    static final Code SKEWNESS = new Code("SKEWNESS", SCHEME, "Skewness");
    static final Code KURTOSIS = new Code("KURTOSIS", SCHEME, "Kurtosis");
    static final Code VOXEL_COUNT = new Code("VOXELS", SCHEME, "Voxel count");
    static final Code SURFACE_AREA = new Code("SURFACE", SCHEME, "Surface area (voxel faces)");
    static final Code EXTENT_X = new Code("BBOX_X", SCHEME, "Bounding box extent x");
    static final Code EXTENT_Y = new Code("BBOX_Y", SCHEME, "Bounding box extent y");
    static final Code EXTENT_Z = new Code("BBOX_Z", SCHEME, "Bounding box extent z");
    static final Code HU_SQUARED = new Code("[hnsf'U]2", "UCUM", "Hounsfield unit squared");
    static final Code BIT = new Code("bit", "UCUM", "bit");

    private static final AlgorithmDescriptor DESCRIPTOR = new AlgorithmDescriptor(
            ID,
            VERSION,
            VENDOR,
            "Segment statistics (radiomics)",
            "First-order (mean, deviation, percentiles, energy, entropy, skewness, kurtosis) and shape"
                    + " (voxels, volume, surface, bounding box) statistics per segment of each SEG in the"
                    + " dataset, over its source series; writes a TID 1500 measurement report.",
            InputConstraints.modalities("CT", "SEG"),
            "{\"type\":\"object\"}",
            new Resources(1, 2048, false),
            AlgorithmDescriptor.Scope.DATASET);

    @Override
    public AlgorithmDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void run(RunContext context) throws Exception {
        SegmentedSeries.Pairing pairing = SegmentedSeries.pair(context.images(), context.inputs());
        pairing.unmatched().forEach(u -> context.log("skipped segmentation " + u));
        if (pairing.pairs().isEmpty()) {
            throw new IllegalArgumentException("the dataset has no SEG series together with the series it segments");
        }
        int done = 0;
        for (SegmentedSeries pair : pairing.pairs()) {
            double share = 1.0 / pairing.pairs().size();
            double base = done * share;
            context.log("measuring " + pair.segmentation().sopInstanceUid() + " over series "
                    + pair.source().seriesInstanceUid());
            Volume volume = Volume.read(
                    context.images(),
                    pair.source().files(),
                    context::cancelled,
                    (read, total) ->
                            context.progress(base + share * 0.6 * read / total, "read slice " + read + " of " + total));
            Map<Segment, BitSet> masks = SegmentMasks.of(pair.segmentation(), volume);
            Attributes segHeader = context.dicom().readHeader(pair.segmentationFile());
            MeasurementReportBuilder report = new MeasurementReportBuilder(context.dicom(), segHeader)
                    .contributor(Provenances.contributor(VENDOR, context.provenance()))
                    .seriesDescription("Segment statistics")
                    .evidence(segHeader);
            for (Path source : volume.files()) {
                report.evidence(context.dicom().readHeader(source));
            }
            for (Map.Entry<Segment, BitSet> entry : masks.entrySet()) {
                if (context.cancelled()) {
                    throw new CancellationException("cancelled");
                }
                Segment segment = entry.getKey();
                if (entry.getValue().isEmpty()) {
                    context.log("segment " + segment.number() + " is empty: not measured");
                    continue;
                }
                RegionStatistics statistics = RegionStatistics.of(volume, entry.getValue());
                report.addGroup(new MeasurementGroup(
                        segment.label() == null ? "Segment " + segment.number() : segment.label(),
                        null,
                        pair.segmentation().sopInstanceUid(),
                        segment.number(),
                        pair.source().seriesInstanceUid(),
                        segment.type(),
                        measurements(statistics)));
                context.log("segment " + segment.number() + " (" + segment.label() + "): " + statistics.voxels()
                        + " voxels, mean " + statistics.mean() + " HU");
            }
            Path file = report.write(
                    context.workDir().resolve("sr-" + pair.segmentation().sopInstanceUid() + ".dcm"));
            context.output().add(file);
            done++;
            context.progress(
                    done * share, "measured " + done + " of " + pairing.pairs().size());
        }
    }

    static List<Measurement> measurements(RegionStatistics s) {
        Code hu = Measurement.HOUNSFIELD_UNIT;
        Code attenuation = Measurement.ATTENUATION_COEFFICIENT;
        List<Measurement> list = new ArrayList<>();
        list.add(new Measurement(attenuation, Measurement.MEAN, s.mean(), hu));
        list.add(new Measurement(attenuation, Measurement.STANDARD_DEVIATION, s.standardDeviation(), hu));
        list.add(new Measurement(attenuation, Measurement.MINIMUM, s.minimum(), hu));
        list.add(new Measurement(attenuation, Measurement.MAXIMUM, s.maximum(), hu));
        list.add(new Measurement(attenuation, MEDIAN, s.median(), hu));
        list.add(new Measurement(attenuation, P10, s.p10(), hu));
        list.add(new Measurement(attenuation, P90, s.p90(), hu));
        list.add(Measurement.of(ENERGY, s.energy(), HU_SQUARED));
        list.add(Measurement.of(ENTROPY, s.entropy(), BIT));
        list.add(Measurement.of(SKEWNESS, s.skewness(), Measurement.NO_UNITS));
        list.add(Measurement.of(KURTOSIS, s.kurtosis(), Measurement.NO_UNITS));
        list.add(Measurement.of(VOXEL_COUNT, s.voxels(), Measurement.VOXELS));
        list.add(Measurement.of(Measurement.VOLUME, s.volumeMm3(), Measurement.CUBIC_MILLIMETER));
        list.add(Measurement.of(SURFACE_AREA, s.surfaceAreaMm2(), Measurement.SQUARE_MILLIMETER));
        list.add(Measurement.of(EXTENT_X, s.boundingBoxMm()[0], Measurement.MILLIMETER));
        list.add(Measurement.of(EXTENT_Y, s.boundingBoxMm()[1], Measurement.MILLIMETER));
        list.add(Measurement.of(EXTENT_Z, s.boundingBoxMm()[2], Measurement.MILLIMETER));
        return list;
    }
}
