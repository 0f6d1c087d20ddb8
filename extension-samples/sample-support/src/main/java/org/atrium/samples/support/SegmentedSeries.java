package org.atrium.samples.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.atrium.dicom.image.DicomImages;
import org.atrium.dicom.image.Segmentation;
import org.atrium.extension.api.InputSeries;

/**
 * A Segmentation of a dataset with the series it was drawn on, paired through its Referenced
 * Series Sequence: how dataset-scoped samples find what to measure.
 */
public record SegmentedSeries(Path segmentationFile, Segmentation segmentation, InputSeries source) {

    /**
     * Every Segmentation in the inputs (series of modality SEG) whose referenced series is among
     * the inputs too; the others are named in the returned list's {@code unmatched}.
     */
    public static Pairing pair(DicomImages images, List<InputSeries> inputs) throws IOException {
        List<SegmentedSeries> pairs = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        for (InputSeries series : inputs) {
            if (!"SEG".equals(series.modality())) {
                continue;
            }
            for (Path file : series.files()) {
                Segmentation segmentation = images.segmentation(file);
                InputSeries source = inputs.stream()
                        .filter(s -> s.seriesInstanceUid().equals(segmentation.referencedSeriesInstanceUid()))
                        .findFirst()
                        .orElse(null);
                if (source == null) {
                    unmatched.add(segmentation.sopInstanceUid() + " (references series "
                            + segmentation.referencedSeriesInstanceUid() + ", not in the dataset)");
                } else {
                    pairs.add(new SegmentedSeries(file, segmentation, source));
                }
            }
        }
        return new Pairing(List.copyOf(pairs), List.copyOf(unmatched));
    }

    /** Segmentations paired with their source series, and descriptions of those without one. */
    public record Pairing(List<SegmentedSeries> pairs, List<String> unmatched) {}
}
