package org.atrium.dicom.objects;

import java.util.List;
import java.util.Objects;
import org.atrium.dicom.image.Code;

/**
 * A measurement group of a TID 1500 report over one segment of a Segmentation (TID 1411
 * Volumetric ROI Measurements).
 *
 * @param trackingIdentifier human-readable, e.g. the segment label
 * @param trackingUid {@code null}: a new one
 * @param segmentationSopInstanceUid the Segmentation the segment is in
 * @param segmentNumber the segment's number in it
 * @param sourceSeriesInstanceUid the series the segmentation was drawn on
 * @param finding what the region is, e.g. the segment's property type, or {@code null}
 */
public record MeasurementGroup(
        String trackingIdentifier,
        String trackingUid,
        String segmentationSopInstanceUid,
        int segmentNumber,
        String sourceSeriesInstanceUid,
        Code finding,
        List<Measurement> measurements) {

    public MeasurementGroup {
        Objects.requireNonNull(trackingIdentifier, "trackingIdentifier");
        Objects.requireNonNull(segmentationSopInstanceUid, "segmentationSopInstanceUid");
        Objects.requireNonNull(sourceSeriesInstanceUid, "sourceSeriesInstanceUid");
        trackingUid = trackingUid == null ? DicomUids.create() : trackingUid;
        measurements = List.copyOf(measurements);
        if (segmentNumber < 1) {
            throw new IllegalArgumentException("segment numbers start at 1, not " + segmentNumber);
        }
    }
}
